#!/usr/bin/env bash
# The merge job's first step: finds the plan the merged request's last plan job saved.
# GitHub: prints the id of the workflow run that planned the request's head commit
#   (`fedplan-fetch-plan.sh HEAD_SHA`), for actions/download-artifact's run-id.
# GitLab: downloads the plan file of the merge request's latest pipeline to $FEDPLAN_PLAN_FILE
#   (`fedplan-fetch-plan.sh` in the pipeline of the merge commit).
set -euo pipefail
. "$(dirname "$0")/lib.sh"

job=${FEDPLAN_CI_PLAN_JOB:-fedplan-plan}
case "$(forge)" in
  github)
    sha=${1:?usage: fedplan-fetch-plan.sh HEAD_SHA}
    workflow=${FEDPLAN_CI_WORKFLOW:-fedplan.yml}
    runs=$(api GET "${GITHUB_API_URL:-https://api.github.com}/repos/${GITHUB_REPOSITORY:?GITHUB_REPOSITORY is not set}/actions/workflows/$workflow/runs?event=pull_request&head_sha=$sha&per_page=1")
    run=$(jq -r '.workflow_runs[0] | select(.conclusion == "success") | .id // empty' <<<"$runs")
    [ -n "$run" ] || die "no successful $workflow run planned commit $sha: nothing to apply"
    echo "$run"
    ;;
  gitlab)
    project="${CI_API_V4_URL:?CI_API_V4_URL is not set}/projects/${CI_PROJECT_ID:?CI_PROJECT_ID is not set}"
    mrs=$(api GET "$project/repository/commits/${CI_COMMIT_SHA:?CI_COMMIT_SHA is not set}/merge_requests")
    iid=$(jq -r '[.[] | select(.state == "merged")][0].iid // empty' <<<"$mrs")
    [ -n "$iid" ] || die "commit $CI_COMMIT_SHA is not the merge of a merge request: nothing to apply"
    pipeline=$(api GET "$project/merge_requests/$iid/pipelines" | jq -r '.[0].id // empty')
    [ -n "$pipeline" ] || die "merge request !$iid has no pipeline"
    jobs=$(api GET "$project/pipelines/$pipeline/jobs?per_page=100")
    job_id=$(jq -r --arg j "$job" '[.[] | select(.name == $j and .status == "success")][0].id // empty' <<<"$jobs")
    [ -n "$job_id" ] || die "the latest pipeline ($pipeline) of merge request !$iid has no successful $job job: nothing to apply"
    name=${FEDPLAN_CI_PLAN_ARTIFACT:-plan.bin}
    curl -sS --fail -H "PRIVATE-TOKEN: ${FEDPLAN_GITLAB_TOKEN:?FEDPLAN_GITLAB_TOKEN is not set}" \
      -o "$FEDPLAN_PLAN_FILE" "$project/jobs/$job_id/artifacts/$name"
    echo "fedplan-ci: fetched $name of job $job_id (merge request !$iid) to $FEDPLAN_PLAN_FILE"
    ;;
esac
