# t01 - every README section and every file a source comment cites exists
# (tools/check-refs.py): a comment that points nowhere misleads the next
# engineer.
. "$(dirname "$0")/lib.sh"
expect_status "source comments cite README sections and files that exist" 0 \
    python3 "$GZ_TOP/tools/check-refs.py"
