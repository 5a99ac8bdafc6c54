# Inputs of the ossm-operators module: which operators federation needs on one cluster, and
# whether to install them through OLM (Subscriptions) or only check that they are there.

variable "install" {
  type        = bool
  default     = true
  description = "true: install the operators through OLM (Namespace and OperatorGroup where needed, one Subscription each) and wait until their CSVs succeeded and their CRDs are served. false: install nothing; the plan fails, naming the operator and install_setting, when one is missing."
}

variable "cluster" {
  type        = string
  description = "The cluster's name in messages (the mesh on it, e.g. mesh1)."
}

variable "operators" {
  type        = list(string)
  default     = ["servicemeshoperator", "kiali-ossm", "jaeger-product"]
  description = "OLM packages to install or check: servicemeshoperator (OpenShift Service Mesh 2, Maistra), kiali-ossm, jaeger-product, servicemeshoperator3 (OpenShift Service Mesh 3, Sail)."
  validation {
    condition     = length([for p in var.operators : p if !contains(["servicemeshoperator", "servicemeshoperator3", "kiali-ossm", "jaeger-product"], p)]) == 0
    error_message = "operators may list servicemeshoperator, servicemeshoperator3, kiali-ossm and jaeger-product."
  }
}

variable "channels" {
  type        = map(string)
  default     = {}
  description = "Channel per package (e.g. { servicemeshoperator = \"stable-2.6\" }). Default: stable."
}

variable "catalog_source" {
  type        = string
  default     = "redhat-operators"
  description = "The CatalogSource the Subscriptions use."
}

variable "source_namespace" {
  type        = string
  default     = "openshift-marketplace"
  description = "The CatalogSource's namespace."
}

variable "namespace" {
  type        = string
  default     = "openshift-operators"
  description = "Where the Subscriptions go. openshift-operators has OpenShift's global OperatorGroup; any other namespace is created with an OperatorGroup for all namespaces."
}

variable "approval" {
  type        = string
  default     = "Automatic"
  description = "installPlanApproval of the Subscriptions: Automatic, or Manual (apply then waits, up to timeout, until someone approves the InstallPlan)."
  validation {
    condition     = contains(["Automatic", "Manual"], var.approval)
    error_message = "approval must be \"Automatic\" or \"Manual\"."
  }
}

variable "timeout" {
  type        = string
  default     = "600s"
  description = "How long each wait may take: the Subscription's installedCSV, the CSV's Succeeded phase, each CRD's Established condition."
}

variable "install_setting" {
  type        = string
  default     = "install = true on this ossm-operators module"
  description = "How the error for a missing operator names the setting that installs it (the federation modules: install_operators = true)."
}
