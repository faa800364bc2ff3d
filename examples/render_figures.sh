#!/usr/bin/env bash
# Render the README's figures, described in examples/figures.toml (and the Python-composed one made by
# examples/paper_figure.py), into examples/figures/.
#
#   examples/render_figures.sh           write the figures (then commit them)
#   examples/render_figures.sh --check   render into a temporary folder and compare byte for byte:
#                                        exit 1 if a committed figure differs or is missing (for CI);
#                                        other files in examples/figures/ (made by other scripts)
#                                        are left alone
#
# Set ACTPLOT to run another command than `actplot` (e.g. ACTPLOT="python -m actplot"), PYTHON another
# interpreter than `python`.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
read -r -a actplot <<< "${ACTPLOT:-actplot}"
python="${PYTHON:-python}"

case "${1-}" in
"")
    mkdir -p "$here/figures"
    "${actplot[@]}" render "$here/figures.toml"
    "$python" "$here/paper_figure.py" "$here/figures/paper.png"
    ;;
--check)
    scratch="$(mktemp -d)"
    trap 'rm -rf "$scratch"' EXIT
    # Outputs are relative to the TOML file, so a copy of it renders into the scratch folder.
    cp "$here/figures.toml" "$scratch/"
    mkdir "$scratch/figures"
    "${actplot[@]}" render "$scratch/figures.toml"
    "$python" "$here/paper_figure.py" "$scratch/figures/paper.png"
    status=0
    for fresh in "$scratch"/figures/*; do
        name="$(basename "$fresh")"
        if [[ ! -f "$here/figures/$name" ]]; then
            echo "missing: examples/figures/$name is not committed" >&2
            status=1
        elif ! cmp -s "$fresh" "$here/figures/$name"; then
            echo "stale: examples/figures/$name differs from what the code renders now" >&2
            status=1
        fi
    done
    if [[ $status -ne 0 ]]; then
        echo "examples/figures is out of date: run examples/render_figures.sh and commit the result" >&2
    else
        echo "examples/figures is up to date" >&2
    fi
    exit $status
    ;;
*)
    echo "usage: $0 [--check]" >&2
    exit 2
    ;;
esac
