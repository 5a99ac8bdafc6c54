resource    "null_resource"    "spaced"    {
  triggers   =   {}
}
provider "kube" "mesh1" {kubeconfig = "a"}
module "m" {
  source = "./m"
}
