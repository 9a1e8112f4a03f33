#!/usr/bin/env bash
# The coopgraph benchmark: generates synthetic datasets (bench/gen.c), runs coopgraph and the baselines
# on them side by side, and writes a markdown table with wall time, CPU time, peak RSS, output sizes
# and the ratios of the performance targets (issue "Performance at scale"; see bench/README.md).
#
#   bench/run.sh [--sizes 10000,100000,1000000] [--runs N] [--quick] [OPTIONS]
#
# Options:
#   --sizes LIST       numbers of agreements (default 10000,100000,1000000)
#   --runs N           runs of each command, the table shows medians (default 3; 1 at sizes >= 1,000,000)
#   --big-runs N       runs at sizes >= 1,000,000 (default: as --runs, or 1); on a shared or virtual
#                      machine one run of a minute can be a third off, so use 3 for figures to publish
#   --quick            CI smoke run: 2,000 agreements, 1 run, results in the work directory
#   --work DIR         datasets, outputs and logs (default bench/data, which git ignores)
#   --results FILE     the markdown table (default bench/results/latest.md; with --quick DIR/latest.md)
#   --coopgraph BIN    measure this binary instead of building one (Release) in build-bench/
#   --xslt-max N       run xsltproc only up to N agreements (default 1000000)
#   --timeout S        stop a command after S seconds (default 3600)
#   --mem-limit GB     limit each command's address space (ulimit -v), so that a run on a shared machine
#                      cannot take all its memory; a command that needs more fails and the table says so
#   --keep-outputs     keep the RDF and SVG outputs (they are deleted after their size is recorded)
#   --out-dir DIR      write the outputs under DIR instead of the work directory (another disk); not a
#                      tmpfs for figures to compare: writing gigabytes into memory cost the kernel far
#                      more at 1M than at 100k (bench/README.md)
#   --only LIST        run only these commands (names as in the table, comma-separated)
#   --report TSV       run nothing: write the table again from the raw figures of an earlier run
#                      (bench/data/results-*.tsv), for example after a change to this script
#
# Commands measured, interleaved: run 1 of every command at every size (the sizes of one command one
# after the other), then run 2, ..., so that a slow phase of a shared machine spreads over all of them:
#   xmllint      xmllint --stream --noout --schema (the floor: parsing plus XSD, nothing else)
#   parse        xmllint --stream --noout (parsing only, no schema: what the XSD itself costs)
#   validate     coopgraph validate
#   turtle, ntriples, nquads, rdfxml   coopgraph rdf --format F -o FILE (to disk)
#   countries    coopgraph graph --view countries (SVG)
#   institutions coopgraph graph, institutions view of a filtered subset (SVG)
#   xsltproc     bench/baseline-ntriples.xsl, N-Triples (what a user would write instead)
#
# Exit status: 0 when every command succeeded, 1 when one failed (the table says which),
# 2 on a usage error or when the set-up (build, generation) failed.
set -u -o pipefail

src=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
sizes="10000,100000,1000000"
runs=""
big_runs=""
quick=0
work=""
out_root=""
results=""
coopgraph=""
xslt_max=1000000
timeout_s=3600
mem_limit=""
keep=0
only=""
report=""
argv_text="$*"

usage() { sed -n '2,/^set -u/p' "$0" | sed '$d; s/^# \{0,1\}//'; }
die() {
	printf 'bench/run.sh: %s\n' "$*" >&2
	exit 2
}

while [ $# -gt 0 ]; do
	case $1 in
	--sizes) sizes=${2:?}; shift 2 ;;
	--runs) runs=${2:?}; shift 2 ;;
	--big-runs) big_runs=${2:?}; shift 2 ;;
	--quick) quick=1; shift ;;
	--work) work=${2:?}; shift 2 ;;
	--out-dir) out_root=${2:?}; shift 2 ;;
	--results) results=${2:?}; shift 2 ;;
	--coopgraph) coopgraph=${2:?}; shift 2 ;;
	--xslt-max) xslt_max=${2:?}; shift 2 ;;
	--timeout) timeout_s=${2:?}; shift 2 ;;
	--mem-limit) mem_limit=${2:?}; shift 2 ;;
	--keep-outputs) keep=1; shift ;;
	--only) only=${2:?}; shift 2 ;;
	--report) report=${2:?}; shift 2 ;;
	-h | --help) usage; exit 0 ;;
	*) die "unknown option '$1' (see bench/run.sh --help)" ;;
	esac
done

if [ "$quick" = 1 ]; then
	sizes=2000
	runs=${runs:-1}
	work=${work:-$src/bench/data/quick}
	results=${results:-$work/latest.md}
fi
work=${work:-$src/bench/data}
if [ -n "$out_root" ]; then mkdir -p "$out_root" || die "cannot create --out-dir $out_root"; fi
results=${results:-$src/bench/results/latest.md}
case $sizes in *[!0-9,]* | "" | ,* | *, | *,,*) die "--sizes needs numbers separated by commas, not '$sizes'" ;; esac
case ${runs:-1} in *[!0-9]* | 0) die "--runs needs a positive number" ;; esac
case ${big_runs:-1} in *[!0-9]* | 0) die "--big-runs needs a positive number" ;; esac
case ${mem_limit:-1} in *[!0-9]* | 0) die "--mem-limit needs a whole number of GB" ;; esac
IFS=, read -r -a size_list <<<"$sizes"
limit=()
if [ -n "$mem_limit" ]; then
	# shellcheck disable=SC2016  # expanded by the inner shell
	limit=(bash -c 'ulimit -v "$0" && exec "$@"' $((mem_limit * 1024 * 1024)))
fi

# The subset for the institutions view: one mid-sized country's funded projects running on a date. It
# grows with the dataset (about 8 agreements per 10,000) but stays small enough to lay out at 1M.
inst_filter=(--country AZ --kind funded-project --status active --as-of 2020-06-30)

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
mkdir -p "$(dirname "$results")" || die "cannot create the directory of $results"

if [ -n "$report" ]; then
	[ -f "$report" ] || die "no such file: $report"
	tsv=$(cd "$(dirname "$report")" && pwd)/$(basename "$report")
	work=$(dirname "$tsv")
	size_list=()
	while read -r n; do size_list+=("$n"); done < <(awk -F'\t' 'NR > 1 && !seen[$1]++ { print $1 }' "$tsv")
	failed=$(awk -F'\t' 'NR > 1 && $4 != 0 { f = 1 } END { print f + 0 }' "$tsv")
else
	for tool in xmllint xsltproc cc /usr/bin/time timeout awk sha256sum; do
		command -v "$tool" >/dev/null 2>&1 || die "$tool not found (Debian: apt-get install libxml2-utils xsltproc gcc time coreutils mawk)"
	done

	mkdir -p "$work" || die "cannot create $work"
	work=$(cd "$work" && pwd)

	# --- the binaries ------------------------------------------------------------------------------------
	if [ -z "$coopgraph" ]; then
		build="$src/build-bench"
		log "building coopgraph (Release) in $build"
		if ! { cmake -S "$src" -B "$build" -DCMAKE_BUILD_TYPE=Release -DCOOP_BUILD_TESTS=OFF &&
			cmake --build "$build" -j"$(nproc)"; } >"$work/build.log" 2>&1; then
			tail -n 30 "$work/build.log" >&2
			die "the build failed (log: $work/build.log)"
		fi
		for candidate in "$build/src/coopgraph" "$build/coopgraph"; do
			[ -x "$candidate" ] && coopgraph=$candidate && break
		done
		[ -n "$coopgraph" ] || die "no coopgraph binary in $build"
	fi
	[ -x "$coopgraph" ] || die "$coopgraph is not an executable"
	coopgraph=$(cd "$(dirname "$coopgraph")" && pwd)/$(basename "$coopgraph")

	gen="$work/gen"
	if [ ! -x "$gen" ] || [ "$src/bench/gen.c" -nt "$gen" ]; then
		log "building the generator"
		cc -O2 -std=c11 -o "$gen" "$src/bench/gen.c" || die "bench/gen.c does not build"
	fi

	schema="$src/schemas/coopgraph-1.xsd"
	catalog=""
	for candidate in "$src/schemas/catalog.xml" "$src/tests/xsd/catalog.xml"; do
		[ -f "$candidate" ] && catalog=$candidate && break
	done
	[ -n "$catalog" ] || die "no XML catalog for the xml.xsd import (schemas/catalog.xml)"
	xslt="$src/bench/baseline-ntriples.xsl"

	# --- the datasets (cached: regenerated when the generator or the ISO tables change) ------------------
	stamp_of() {
		cat "$src/bench/gen.c" "$src/data/iso3166-1.tsv" "$src/data/iso3166-2.tsv" | sha256sum | cut -c1-16
		echo "$1"
	}

	for n in "${size_list[@]}"; do
		dir="$work/n$n"
		if [ -f "$dir/.stamp" ] && [ "$(cat "$dir/.stamp")" = "$(stamp_of "$n")" ]; then
			continue
		fi
		log "generating $n agreements in $dir"
		rm -rf -- "$dir"
		if ! "$gen" --data "$src/data" "$n" "$dir" >"$work/manifest-$n.tsv"; then
			die "the generator failed for $n agreements"
		fi
		stamp_of "$n" >"$dir/.stamp"
	done

	# --- the commands -------------------------------------------------------------------------------------
	all_commands="xmllint parse validate turtle ntriples nquads rdfxml countries institutions xsltproc"
	commands=$all_commands
	if [ -n "$only" ]; then
		commands=""
		for c in ${only//,/ }; do
			case " $all_commands " in *" $c "*) commands="$commands $c" ;; *) die "unknown command '$c' in --only" ;; esac
		done
	fi

	# Sets cmd (an array) and out (the output file or "") for command $1 on dataset directory $2.
	command_line() {
		local name=$1 dir=$2 outdir=$3
		local files=("$dir"/*.xml)
		out=""
		# shellcheck disable=SC2016  # the xsltproc line is expanded by the inner shell
		case $name in
		xmllint) cmd=(env XML_CATALOG_FILES="$catalog" xmllint --nonet --stream --noout --schema "$schema" "${files[@]}") ;;
		parse) cmd=(xmllint --nonet --stream --noout "${files[@]}") ;;
		validate) cmd=("$coopgraph" validate --quiet "$dir") ;;
		turtle) out="$outdir/out.ttl"; cmd=("$coopgraph" rdf --format turtle --stats -o "$out" "$dir") ;;
		ntriples) out="$outdir/out.nt"; cmd=("$coopgraph" rdf --format ntriples --stats -o "$out" "$dir") ;;
		nquads) out="$outdir/out.nq"; cmd=("$coopgraph" rdf --format nquads --stats -o "$out" "$dir") ;;
		rdfxml) out="$outdir/out.rdf"; cmd=("$coopgraph" rdf --format rdfxml --stats -o "$out" "$dir") ;;
		countries) out="$outdir/countries.svg"; cmd=("$coopgraph" graph --view countries -o "$out" "$dir") ;;
		institutions) out="$outdir/institutions.svg"; cmd=("$coopgraph" graph --view institutions "${inst_filter[@]}" -o "$out" "$dir") ;;
		xsltproc) out="$outdir/baseline.nt"; cmd=(sh -c 'out=$1; shift; exec xsltproc "$@" >"$out"' sh "$out" "$xslt" "${files[@]}") ;;
		esac
	}

	stamp=$(date -u +%Y%m%dT%H%M%SZ)
	tsv="$work/results-$stamp.tsv"
	printf 'size\tcommand\trun\texit\twall_s\tuser_s\tsys_s\trss_kb\tout_bytes\tstatements\n' >"$tsv"
	failed=0

	# What the table says about the run, written now (load average before the run) and kept next to the
	# raw figures for --report.
	cpu_model=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)
	mem_gib=$(awk '/MemTotal/ {printf "%.0f", $2 / 1048576}' /proc/meminfo)
	commit=$(git -C "$src" rev-parse --short HEAD 2>/dev/null || echo unknown)
	if [ -n "$(git -C "$src" status --porcelain 2>/dev/null | head -n 1)" ]; then commit="$commit (with uncommitted changes)"; fi
	{
		# shellcheck disable=SC2016  # markdown backticks
		printf 'Reproduce: `bench/run.sh%s` (from the repository root).\n\n' "${argv_text:+ $argv_text}"
		printf -- '- date: %s; commit %s; %s\n' "$(date -u '+%Y-%m-%d %H:%M UTC')" "$commit" "$("$coopgraph" --version 2>/dev/null)"
		printf -- '- machine: %s cores (%s), %s GiB; load average before the run %s\n' "$(nproc)" "$cpu_model" "$mem_gib" \
			"$(cut -d' ' -f1-3 /proc/loadavg)"
		printf -- '- %s; %s\n' "$(xmllint --version 2>&1 | head -n 1)" "$(xsltproc --version | head -n 1)"
		printf -- '- medians of %s run(s) per command (%s at 1M and more), runs interleaved; wall time is what the targets use\n' \
			"${runs:-3}" "${big_runs:-${runs:-1}}"
		printf -- '- limits per command: %s s%s\n' "$timeout_s" "${mem_limit:+, $mem_limit GB of address space}"
		printf -- '- outputs written to %s (%s)\n\n' "$(cd "${out_root:-$work}" && pwd)" "$(stat -f -c %T "${out_root:-$work}")"
	} >"${tsv%.tsv}.head"

	runs_at() { if [ "$1" -ge 1000000 ]; then echo "${big_runs:-${runs:-1}}"; else echo "${runs:-3}"; fi; }
	max_runs=0
	for n in "${size_list[@]}"; do
		mkdir -p "${out_root:-$work}/out-$n"
		r=$(runs_at "$n")
		[ "$r" -gt "$max_runs" ] && max_runs=$r
	done
	# Round after round; in a round each command runs at every size in turn, so that the runs the
	# linearity ratios compare (100,000 and 1M) are minutes apart, not half an hour: a virtual
	# machine's speed drifts by a sixth and more over half an hour.
	for ((run = 1; run <= max_runs; run++)); do
		for name in $commands; do
			for n in "${size_list[@]}"; do
				nruns=$(runs_at "$n")
				[ "$run" -le "$nruns" ] || continue
				if [ "$name" = xsltproc ] && [ "$n" -gt "$xslt_max" ]; then
					continue
				fi
				dir="$work/n$n"
				outdir="${out_root:-$work}/out-$n"
				command_line "$name" "$dir" "$outdir"
				[ -n "$out" ] && rm -f -- "$out"
				log "n=$n run $run/$nruns: $name"
				timefile="$outdir/$name.time"
				errfile="$outdir/$name.err"
				/usr/bin/time -f '%e %U %S %M' -o "$timefile" "${limit[@]}" timeout "$timeout_s" "${cmd[@]}" >"$outdir/$name.out" 2>"$errfile"
				rc=$?
				# /usr/bin/time writes "Command exited with non-zero status N" before the figures
				read -r wall user sys rss < <(tail -n 1 "$timefile")
				bytes=""
				[ -n "$out" ] && [ -f "$out" ] && bytes=$(stat -c %s "$out")
				statements=$(sed -n 's/.*wrote \([0-9]*\) \(triples\|quads\|statements\).*/\1/p' "$errfile" | tail -n 1)
				printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$n" "$name" "$run" "$rc" "$wall" "$user" "$sys" "$rss" \
					"$bytes" "$statements" >>"$tsv"
				# the next command should not pay for writing back or deleting this one's output
				# (xsltproc leaves gigabytes dirty; a deleted file is discarded on the disk)
				[ "$keep" = 0 ] && [ -n "$out" ] && rm -f -- "$out"
				sync
				if [ "$rc" != 0 ]; then
					failed=1
					log "  $name failed (exit $rc):"
					grep -v 'validates$' "$errfile" | tail -n 3 | sed 's/^/    /' >&2
				fi
			done
		done
	done
	if [ "$keep" = 0 ]; then
		for n in "${size_list[@]}"; do
			outdir="${out_root:-$work}/out-$n"
			rm -f -- "$outdir"/out.* "$outdir"/*.svg "$outdir"/baseline.nt
			# temporary files that a crashed coopgraph could not remove
			rm -f -- "$outdir"/.out.*.tmp.* "$outdir"/.*.svg.tmp.*
		done
	fi
fi

# --- the table ----------------------------------------------------------------------------------------
# the generator's manifest counts the bytes it wrote; the files themselves, if the manifest is missing
input_bytes() {
	local bytes
	bytes=$(awk -F'\t' '$1 == "bytes" { print $2 }' "$work/manifest-$1.tsv" 2>/dev/null)
	[ -n "$bytes" ] || bytes=$(cat "$work"/n"$1"/*.xml 2>/dev/null | wc -c)
	echo "$bytes"
}
manifest_lines=""
for n in "${size_list[@]}"; do
	manifest_lines+="$n $(input_bytes "$n") $(awk -F'\t' '{printf "%s=%s ", $1, $2}' "$work/manifest-$n.tsv" 2>/dev/null)"$'\n'
done

# Turns the raw TSV into the markdown tables: medians per size and command, then the targets.
read -r -d '' table_awk <<'AWK'
function median(list,    n, a, i, j, t) {
	n = split(list, a, " ")
	for (i = 2; i <= n; i++)
		for (j = i; j > 1 && a[j - 1] + 0 > a[j] + 0; j--) { t = a[j]; a[j] = a[j - 1]; a[j - 1] = t }
	if (n == 0) return ""
	return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
}
function mib(kb) { return sprintf("%.1f", kb / 1024) }
function human(bytes) {
	if (bytes == "") return ""
	if (bytes >= 1073741824) return sprintf("%.2f GiB", bytes / 1073741824)
	if (bytes >= 1048576) return sprintf("%.1f MiB", bytes / 1048576)
	return sprintf("%.0f KiB", bytes / 1024)
}
function num(n,    t, out) {
	t = sprintf("%d", n); out = ""
	while (length(t) > 3) { out = "," substr(t, length(t) - 2) out; t = substr(t, 1, length(t) - 3) }
	return t out
}
function ok(n, c) { return ((n, c) in wall) && fail[n, c] == "" }
function ratio(a, b) { return b > 0 ? a / b : "" }
# One row of the targets table.
# Why a ratio cannot be computed from the commands in list at size n: "" when all ran and succeeded.
function why(n, list,    k, m, cs) {
	m = split(list, cs, " ")
	for (k = 1; k <= m; k++)
		if (fail[n, cs[k]] != "") return "failed: " cs[k] " at " num(n) ", exit " fail[n, cs[k]]
	for (k = 1; k <= m; k++)
		if (!((n, cs[k]) in W)) return "not measured: " cs[k] " at " num(n)
	return ""
}
# One row of the targets table. A command that failed misses its target; one that did not run is n/a.
function target(what, where, value, limit, cmp, reason,    verdict) {
	if (reason ~ /^failed/)
		verdict = "**not met** (" reason ")"
	else if (reason != "")
		verdict = "n/a (" reason ")"
	else if ((cmp == "<=" && value + 0 <= limit + 0) || (cmp == ">=" && value + 0 >= limit + 0))
		verdict = "met"
	else
		verdict = "**not met**"
	printf "| %s | %s | %s | %s %s | %s |\n", what, where, reason != "" ? "-" : sprintf("%.2f", value), cmp, limit, verdict
}
# The ratios time(big) / time(small) of the rounds where both ran, a few minutes apart: a ratio of
# two medians could take them from different phases of a shared machine.
function round_ratios(c,    rr, list) {
	list = ""
	for (rr = 1; rr <= max_run; rr++)
		if ((big, c, rr) in wall_run && (small, c, rr) in wall_run && wall_run[small, c, rr] > 0)
			list = list (list == "" ? "" : " ") sprintf("%.2f", wall_run[big, c, rr] / wall_run[small, c, rr])
	return list
}
function paired(c) { return median(round_ratios(c)) }
BEGIN {
	nlines = split(manifest, lines, "\n")
	for (i = 1; i <= nlines; i++) {
		if (lines[i] == "") continue
		nf = split(lines[i], f, " ")
		input[f[1]] = f[2]
		info[f[1]] = ""
		for (k = 3; k <= nf; k++) { split(f[k], kv, "="); meta[f[1], kv[1]] = kv[2] }
	}
	order = "xmllint parse validate turtle ntriples nquads rdfxml countries institutions xsltproc"
	label["xmllint"] = "`xmllint --stream --noout --schema` (floor)"
	label["parse"] = "`xmllint --stream --noout` (parsing only, no XSD)"
	label["validate"] = "`coopgraph validate`"
	label["turtle"] = "`coopgraph rdf --format turtle`"
	label["ntriples"] = "`coopgraph rdf --format ntriples`"
	label["nquads"] = "`coopgraph rdf --format nquads`"
	label["rdfxml"] = "`coopgraph rdf --format rdfxml`"
	label["countries"] = "`coopgraph graph --view countries` (SVG)"
	label["institutions"] = "`coopgraph graph --view institutions " inst_filter "` (SVG)"
	label["xsltproc"] = "`xsltproc bench/baseline-ntriples.xsl` (N-Triples)"
}
NR == 1 { next }
{
	n = $1; c = $2
	if (!(n in seen)) { seen[n] = 1; sizes[++nsizes] = n }
	wall[n, c] = wall[n, c] " " $5
	cpu[n, c] = cpu[n, c] " " ($6 + $7)
	rss[n, c] = rss[n, c] " " $8
	runs[n, c]++
	wall_run[n, c, $3] = $5
	if ($3 + 0 > max_run) max_run = $3 + 0
	if ($4 != 0) fail[n, c] = fail[n, c] (fail[n, c] == "" ? "" : ",") $4
	if ($9 != "") bytes[n, c] = $9
	if ($10 != "") stmts[n, c] = $10
}
END {
	ncmd = split(order, cmds, " ")
	for (s = 1; s <= nsizes; s++) {
		n = sizes[s]
		printf "## %s agreements: %s of XML\n\n", num(n), human(input[n])
		if ((n, "institutions") in meta)
			printf "%s top-level institutions and %s units, %s people, %s funders with %s programmes, institutions in %s countries.\n\n", \
				num(meta[n, "institutions"]), num(meta[n, "units"]), num(meta[n, "people"]), num(meta[n, "funders"]), \
				num(meta[n, "programmes"]), meta[n, "countries"]
		print "| command | wall s | CPU s | peak RSS MiB | RSS / input | output | statements | exit |"
		print "|---|---:|---:|---:|---:|---:|---:|---|"
		for (k = 1; k <= ncmd; k++) {
			c = cmds[k]
			if (!((n, c) in wall)) continue
			w = median(wall[n, c]); u = median(cpu[n, c]); r = median(rss[n, c])
			W[n, c] = w; U[n, c] = u; R[n, c] = r
			per_input = input[n] > 0 ? r * 1024 / input[n] : 0
			statements = ((n, c) in stmts) ? num(stmts[n, c]) : ""
			status = fail[n, c] == "" ? "0" : "**" fail[n, c] "**"
			printf "| %s | %.2f | %.2f | %s | %.3f | %s | %s | %s |\n", label[c], w, u, mib(r), per_input, \
				human(bytes[n, c]), statements, status
		}
		printf "\n"
	}

	# the targets, at the largest size (they are defined for 1,000,000 agreements)
	big = sizes[nsizes]
	for (s = 1; s <= nsizes; s++) if (sizes[s] + 0 > big + 0) big = sizes[s]
	at = num(big) " agreements"
	print "## Targets\n"
	if (big != 1000000) printf "Measured at %s; the targets are defined for 1,000,000 agreements.\n\n", at
	print "| target | measured at | value | limit | verdict |"
	print "|---|---|---:|---:|---|"
	split("turtle ntriples nquads", fmts, " ")
	for (k = 1; k <= 3; k++) {
		c = fmts[k]
		r = why(big, c " xmllint")
		target("validate + " c " / `xmllint --stream --schema`, wall time", at, \
			r == "" ? ratio(W[big, c], W[big, "xmllint"]) : "", "2.0", "<=", r)
	}
	# xsltproc against the N-Triples export: at 100,000 agreements, else the largest size where both ran
	xs = ""
	for (s = 1; s <= nsizes; s++)
		if (ok(sizes[s], "xsltproc") && ok(sizes[s], "ntriples") && (xs == "" || sizes[s] + 0 > xs + 0)) xs = sizes[s]
	if (ok(100000, "xsltproc") && ok(100000, "ntriples")) xs = 100000
	r = xs == "" ? why(100000 in seen ? 100000 : big, "xsltproc ntriples") : ""
	target("`xsltproc` baseline / coopgraph rdf ntriples, wall time", xs == "" ? "-" : num(xs) " agreements", \
		r == "" ? ratio(W[xs, "xsltproc"], W[xs, "ntriples"]) : "", "20", ">=", r)
	# how the target compares with libxml2 alone on the same files: the XSLT validates nothing, and
	# a parse is one stream that no second core can share
	if (xs != "" && ok(xs, "parse") && ok(xs, "xmllint"))
		bound = sprintf("%.1f", W[xs, "xsltproc"] / W[xs, "parse"])
	# every output format: the four RDF syntaxes and the two SVG views
	split("turtle ntriples nquads rdfxml countries institutions", fmts, " ")
	for (k = 1; k <= 6; k++) {
		c = fmts[k]
		r = why(big, c)
		target("peak RSS / input size, " c, at, r == "" ? R[big, c] * 1024 / input[big] : "", "0.5", "<=", r)
	}
	small = big / 10
	split("validate turtle ntriples nquads rdfxml countries", fmts, " ")
	for (k = 1; k <= 6; k++) {
		c = fmts[k]
		r = why(big, c)
		if (r == "") r = why(small, c)
		target("time(" num(big) ") / time(" num(small) "), " c ", median of the rounds", at, \
			r == "" ? paired(c) : "", "11", "<=", r)
	}
	r = why(big, "countries turtle")
	target("country view / Turtle export, wall time", at, r == "" ? ratio(W[big, "countries"], W[big, "turtle"]) : "", \
		"1.2", "<=", r)
	if (bound != "") {
		printf "\nThe xsltproc target against libxml2 alone: at %s agreements the XSLT takes %.2f s; libxml2 only parsing the same files (`xmllint --stream --noout`, no XSD) takes 1/%s of that, parsing and validating (`xmllint --stream --schema`) 1/%.1f. 20x would leave coopgraph, which also validates, checks every reference and writes every statement, %.2f s: ", \
			num(xs), W[xs, "xsltproc"], bound, W[xs, "xsltproc"] / W[xs, "xmllint"], W[xs, "xsltproc"] / 20
		if (bound + 0 < 20)
			printf "less than the parse alone, which is one stream that a second core cannot share.\n"
		else
			printf "%.0f%% more than the parse alone.\n", (W[xs, "xsltproc"] / 20 / W[xs, "parse"] - 1) * 100
	}
	# The medians can come from different minutes of the run; the pairs of one round are minutes
	# apart, so their spread shows how much of a ratio is the machine.
	if (small in seen) {
		printf "\nScaling round by round (time at %s / time at %s in the same round; the input grows %.2fx):", \
			num(big), num(small), (input[small] > 0 ? input[big] / input[small] : 0)
		split("xmllint validate turtle ntriples nquads rdfxml countries", fmts, " ")
		for (k = 1; k <= 7; k++) {
			c = fmts[k]
			list = round_ratios(c)
			if (list == "") continue
			gsub(/ /, ", ", list)
			rounds = rounds (rounds == "" ? " " : "; ") c " " list
			if (ok(big, c) && ok(small, c)) rounds = rounds sprintf(" (ratio of the medians %.2f)", W[big, c] / W[small, c])
		}
		printf "%s.\n", rounds
	}
	printf "\nCPU-time ratios for comparison (less sensitive to a busy machine):"
	split("validate turtle ntriples nquads", fmts, " ")
	for (k = 1; k <= 4; k++)
		if (ok(big, fmts[k]) && ok(big, "xmllint"))
			printf " %s/xmllint %.2f;", fmts[k], U[big, fmts[k]] / U[big, "xmllint"]
	if (xs != "") printf " xsltproc/ntriples %.2f at %s;", U[xs, "xsltproc"] / U[xs, "ntriples"], num(xs)
	if (ok(big, "countries") && ok(big, "turtle")) printf " countries/turtle %.2f", U[big, "countries"] / U[big, "turtle"]
	printf ".\n"
}
AWK

{
	printf '# coopgraph benchmark\n\n'
	cat "${tsv%.tsv}.head" 2>/dev/null
	awk -F'\t' -v manifest="$manifest_lines" -v inst_filter="${inst_filter[*]}" \
		"$table_awk" "$tsv"
} >"$results"

log "results: $results (raw figures: $tsv)"
cat "$results"
exit "$failed"
