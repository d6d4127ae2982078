#!/bin/sh
# A healthy child: says hello and sleeps until stopped.
echo "sleeper $$ started in $(pwd)"
exec sleep 1000000
