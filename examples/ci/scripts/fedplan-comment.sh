#!/usr/bin/env bash
# Posts BODY_FILE (markdown) as the pull/merge request's fedplan comment, or updates the one an
# earlier run posted, found by a hidden marker naming the directory and workspace: one comment
# per configuration, not one per push. `fedplan-comment.sh BODY_FILE`; docs/ci.md.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

body_file=${1:?usage: fedplan-comment.sh BODY_FILE}
marker="<!-- fedplan-plan dir=$FEDPLAN_DIR workspace=$FEDPLAN_WORKSPACE_NAME -->"
# GitHub refuses comments over 65,536 characters; leave room for the marker and the note.
limit=${FEDPLAN_CI_COMMENT_LIMIT:-65000}

body=$(cat "$body_file")
if [ "${#body}" -gt "$limit" ]; then
  body="${body:0:$limit}

(Cut at $limit characters: the full plan is in the job's log and its fedplan-plan artifact.)"
fi
json=$(jq -n --arg body "$marker
$body" '{body: $body}')

case "$(forge)" in
  github)
    number=${FEDPLAN_PR_NUMBER:-$(jq -r '.pull_request.number // empty' "${GITHUB_EVENT_PATH:-/dev/null}" 2>/dev/null || true)}
    [ -n "$number" ] || die "no pull request number: set FEDPLAN_PR_NUMBER or run on a pull_request event"
    repo="${GITHUB_API_URL:-https://api.github.com}/repos/${GITHUB_REPOSITORY:?GITHUB_REPOSITORY is not set}"
    list="$repo/issues/$number/comments"
    update="$repo/issues/comments"
    update_method=PATCH
    ;;
  gitlab)
    mr="${CI_API_V4_URL:?CI_API_V4_URL is not set}/projects/${CI_PROJECT_ID:?CI_PROJECT_ID is not set}/merge_requests/${CI_MERGE_REQUEST_IID:?CI_MERGE_REQUEST_IID is not set: run in a merge request pipeline}"
    list="$mr/notes"
    update="$mr/notes"
    update_method=PUT
    ;;
esac

# The first comment holding the marker, page by page (100 a page, both APIs' largest).
id=""
for page in $(seq 1 100); do
  answer=$(api GET "$list?per_page=100&page=$page&sort=asc")
  id=$(jq -r --arg m "$marker" '[.[] | select(.body | contains($m))][0].id // empty' <<<"$answer")
  [ -n "$id" ] && break
  [ "$(jq length <<<"$answer")" -lt 100 ] && break
done

if [ -n "$id" ]; then
  api "$update_method" "$update/$id" "$json" >/dev/null
  echo "fedplan-ci: updated comment $id"
else
  id=$(api POST "$list" "$json" | jq -r .id)
  echo "fedplan-ci: posted comment $id"
fi
