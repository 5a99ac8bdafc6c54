[sha256(s), base64sha256(sec)]
