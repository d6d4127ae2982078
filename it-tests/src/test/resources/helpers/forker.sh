#!/bin/sh
# Leaves grandchildren in its group and one that escapes into its own session with setsid.
sleep 1000000 &
sleep 1000000 &
setsid sleep 1000000 &
echo "forked"
wait
