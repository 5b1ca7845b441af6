docker run -e "unterminated busybox
