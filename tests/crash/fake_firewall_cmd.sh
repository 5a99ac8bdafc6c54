#!/bin/sh
# A stand-in for firewall-cmd for the crash tests: ports per zone and layer kept as files under
# $FAKE_FW, answers as firewalld 1.3 gives them (docs/firewalld-harness.md). When the file
# $FAKE_FW/kill-after-permanent-add exists, the first `--permanent --add-port` removes it
# and SIGKILLs the caller right after opening the port, as a crash at that moment would.
# Each call holds $FAKE_FW/.calls shared while it runs: a test takes it exclusively to wait for
# the calls a killed fedplan left running.
exec 9>>"$FAKE_FW/.calls"
flock -s 9
layer=runtime zone=public verb= item=
for a in "$@"; do
  case "$a" in
    --state) echo running; exit 0 ;;
    --get-zones) echo "block dmz drop external home internal libvirt public trusted work"; exit 0 ;;
    --reload) echo success; exit 0 ;;
    --permanent) layer=permanent ;;
    --zone=*) zone=${a#--zone=} ;;
    --add-port=*) verb=add item=${a#--add-port=} ;;
    --remove-port=*) verb=remove item=${a#--remove-port=} ;;
    --query-port=*) verb=query item=${a#--query-port=} ;;
    --list-ports) verb=list ;;
    *) echo "Error: INVALID_COMMAND: $a" >&2; exit 2 ;;
  esac
done
dir=$FAKE_FW/$layer/$zone
file=$dir/$(echo "$item" | tr / _)
mkdir -p "$dir"
case $verb in
  add)
    if [ -e "$file" ]; then echo "Warning: ALREADY_ENABLED: $item" >&2; else : >"$file"; fi
    echo success
    if [ "$layer" = permanent ] && rm "$FAKE_FW/kill-after-permanent-add" 2>/dev/null; then
      kill -9 "$PPID"
    fi ;;
  remove)
    if [ -e "$file" ]; then rm "$file"; else echo "Warning: NOT_ENABLED: $item" >&2; fi
    echo success ;;
  query)
    if [ -e "$file" ]; then echo yes; exit 0; else echo no; exit 1; fi ;;
  list)
    ls "$dir" | tr _ / | tr '\n' ' ' | sed 's/ $//'; echo ;;
esac
exit 0
