locals {
	x = 1
		yy = 2
	z = {
		a = 1
	}
}
