# Shared by the fedplan CI scripts (sourced, not run): settings from the environment, the
# backend flags, the forge (GitHub or GitLab) and its API calls with curl. See docs/ci.md.

# Settings every script reads, with their defaults.
FEDPLAN=${FEDPLAN:-fedplan}                       # the fedplan binary
FEDPLAN_DIR=${FEDPLAN_DIR:-.}                     # the configuration directory
FEDPLAN_PLAN_FILE=${FEDPLAN_PLAN_FILE:-$PWD/plan.bin}  # where the PR job saves the plan
FEDPLAN_WORKSPACE_NAME=${FEDPLAN_WORKSPACE:-default}

die() {
  echo "fedplan-ci: $*" >&2
  exit 1
}

# The -backend-config flags: FEDPLAN_CI_BACKEND_CONFIG names a file of `KEY = value` lines
# (written from CI secrets), FEDPLAN_BACKEND_<KEY> variables are read by fedplan itself.
backend_args=()
if [ -n "${FEDPLAN_CI_BACKEND_CONFIG:-}" ]; then
  [ -f "$FEDPLAN_CI_BACKEND_CONFIG" ] || die "FEDPLAN_CI_BACKEND_CONFIG=$FEDPLAN_CI_BACKEND_CONFIG is not a file"
  backend_args=(-backend-config "$(cd "$(dirname "$FEDPLAN_CI_BACKEND_CONFIG")" && pwd)/$(basename "$FEDPLAN_CI_BACKEND_CONFIG")")
fi

# github or gitlab: FEDPLAN_CI_FORGE, else what the CI runner says it is.
forge() {
  if [ -n "${FEDPLAN_CI_FORGE:-}" ]; then echo "$FEDPLAN_CI_FORGE"
  elif [ "${GITHUB_ACTIONS:-}" = true ]; then echo github
  elif [ "${GITLAB_CI:-}" = true ]; then echo gitlab
  else die "not on GitHub Actions or GitLab CI: set FEDPLAN_CI_FORGE=github or gitlab"; fi
}

# api METHOD URL [JSON_BODY]: one call to the forge's REST API, the answer on stdout. Fails
# (with the answer on stderr) on an HTTP error.
api() {
  local method=$1 url=$2 body=${3:-} auth
  case "$(forge)" in
    github) auth="Authorization: Bearer ${GITHUB_TOKEN:?GITHUB_TOKEN is not set}" ;;
    gitlab) auth="PRIVATE-TOKEN: ${FEDPLAN_GITLAB_TOKEN:?FEDPLAN_GITLAB_TOKEN is not set (a project access token with the api scope)}" ;;
  esac
  local args=(-sS --fail-with-body -X "$method" -H "$auth" -H "Accept: application/json")
  if [ -n "$body" ]; then args+=(-H "Content-Type: application/json" --data-binary @-); fi
  local out
  if ! out=$(printf '%s' "$body" | curl "${args[@]}" "$url"); then
    echo "fedplan-ci: $method $url failed: $out" >&2
    return 1
  fi
  printf '%s' "$out"
}
