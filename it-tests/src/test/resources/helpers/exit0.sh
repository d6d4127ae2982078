#!/bin/sh
# Ends at once with success.
echo "exit0 $$ done"
exit 0
