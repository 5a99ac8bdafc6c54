base64decode(base64encode(utf)) == base64decode(b64)
