# t01 - every document, section, man page and file a comment cites exists
# (tools/check-refs.py): a comment that points nowhere misleads the next
# engineer.
. "$(dirname "$0")/lib.sh"
expect_status "comments cite documents, sections, man pages and files that exist" 0 \
    python3 "$GZ_TOP/tools/check-refs.py"
