#!/bin/sh
# Crashes at once with a failure code: the crash-looping session.
echo "crash.sh $$ failing" >&2
exit 3
