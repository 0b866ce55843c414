#!/usr/bin/env bash
# Proves run_steps (scripts/lib.sh), the runner of scripts/test.sh and scripts/release_checks.sh:
# a step fails on its FIRST failing command (in its body, in a function it calls, in a pipeline,
# through `die`), not only on its last one; a skipped step is SKIP; the run goes on after a
# failure, prints one line per step and the SUMMARY, names each log, and exits non-zero.
# Run by the `harness` step of scripts/test.sh; exits non-zero when the runner is broken.
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

# The fake steps. Each failing one writes "REACHED" after its failing command, so a runner
# that goes on inside a step is caught even when the step's last command succeeds.
fails_in_a_helper() {
    false
    echo "REACHED after the failing command in the helper"
}

fake_step() {
    case "$1" in
        passes) echo "fine" ;;
        fails-in-the-middle)
            false
            echo "REACHED after the failing command"
            ;;
        fails-in-a-function)
            fails_in_a_helper
            echo "REACHED after the failing function"
            ;;
        fails-in-a-pipeline)
            false | cat
            echo "REACHED after the failing pipeline"
            ;;
        dies)
            die "this step is gone"
            # shellcheck disable=SC2317  # reached only when die fails to end the step
            echo "REACHED after die"
            ;;
        skips)
            echo "SKIP: nothing to run here"
            return "$STEP_SKIPPED"
            ;;
        *) die "no fake step $1" ;;
    esac
}

if [[ "${1:-}" == --inner ]]; then
    # In its own process, as scripts/test.sh runs it: at the top level, not inside a condition.
    run_steps "$2" fake_step passes fails-in-the-middle fails-in-a-function fails-in-a-pipeline dies skips passes
    exit 0
fi

logs="$(mktemp -d)"
trap 'rm -rf "$logs"' EXIT
rc=0
out="$(STEP_STREAM=0 bash "${BASH_SOURCE[0]}" --inner "$logs" 2>&1)" || rc=$?
printf '%s\n' "$out"

problems=()
[[ "$rc" != 0 ]] || problems+=("the run passed although steps failed")
grep -qx 'SUMMARY: 2 passed, 4 failed, 1 skipped' <<<"$out" || problems+=("wrong or missing SUMMARY line")
for step in fails-in-the-middle fails-in-a-function fails-in-a-pipeline dies; do
    grep -qE "^${step} +FAIL +[0-9]+s  ${logs}/${step}\.log$" <<<"$out" || problems+=("no FAIL line naming the log for ${step}")
    if grep -q REACHED "${logs}/${step}.log"; then
        problems+=("${step} went on after its failing command")
    fi
done
grep -qE "^skips +SKIP " <<<"$out" || problems+=("no SKIP line for the skipped step")
[[ "$(grep -cE '^passes +PASS ' <<<"$out")" == 2 ]] || problems+=("the steps after a failure did not run or did not pass")
grep -q 'ERROR: this step is gone' <<<"$out" || problems+=("the end of a failed step's log is not shown")
grep -qx fine "${logs}/passes.log" || problems+=("a step's output is not in its log")

# In a condition, bash ignores errexit in every step: the runner must refuse to run there.
if refused="$(bash -c 'source "$1"; if run_steps "$2" true x; then exit 0; fi; exit 0' _ "$(dirname "${BASH_SOURCE[0]}")/lib.sh" "$logs" 2>&1)"; then
    problems+=("run_steps ran inside a condition")
elif ! grep -q 'must not run inside a condition' <<<"$refused"; then
    problems+=("run_steps inside a condition did not say why it refused: ${refused}")
fi

if [[ ${#problems[@]} -gt 0 ]]; then
    printf 'FAIL: %s\n' "${problems[@]}"
    exit 1
fi
echo "ok: each step stopped at its first failing command; the run failed, went on, and named every log"
