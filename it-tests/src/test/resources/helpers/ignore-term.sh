#!/bin/sh
# Ignores SIGTERM (the disposition is inherited by its sleep), so only SIGKILL stops it.
trap '' TERM
echo "ignoring TERM"
while :; do sleep 1000000; done
