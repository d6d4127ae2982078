#!/bin/sh
# Writes its environment and working directory next to its session, then sleeps.
env > "$WIRE_HOME/env.out.tmp" && mv "$WIRE_HOME/env.out.tmp" "$WIRE_HOME/env.out"
pwd > "$WIRE_HOME/cwd.out.tmp" && mv "$WIRE_HOME/cwd.out.tmp" "$WIRE_HOME/cwd.out"
exec sleep 1000000
