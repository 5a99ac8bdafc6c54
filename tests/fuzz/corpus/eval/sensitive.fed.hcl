nonsensitive(sensitive(s)) == sec
