#!/usr/bin/env bash
# SPDX-License-Identifier: EUPL-1.2
# check_layers.sh — holds the code to the layering written in common/LAYERS,
# so that a dependency pointing upward or sideways fails the build's tests
# instead of growing quietly:
#  - the table itself: every library a row uses is listed above it, no prefix
#    belongs to two libraries or starts another library's prefix;
#  - includes: a library includes only itself and the libraries below it that
#    it uses; common/ libraries name the library ("core/dk_buf.h"); a program
#    includes only its own folder and libraries; nothing includes a .c file
#    or a path with "..";
#  - symbols: every symbol a library's archive exports (nm) starts with one
#    of the prefixes of that library.
#   infra/check_layers.sh [ROOT [BUILD]]  (default: this checkout and build;
#   BUILD relative to ROOT or absolute, holding lib/libdk_NAME.a)
set -uo pipefail
root=${1:-$(cd "$(dirname "$0")/.." && pwd)}
build=${2:-build}
cd "$root" || exit 2
layers=common/LAYERS
failed=0
bad() {
    echo "check_layers: $*" >&2
    failed=1
}

# --- the table ---------------------------------------------------------
declare -A folder below prefixes owner_of_prefix
names=()
cur=
while IFS= read -r line || [ -n "$line" ]; do
    line=${line%%#*}
    [[ $line =~ ^[[:space:]]*$ ]] && continue
    if [[ $line =~ ^[[:space:]] ]]; then
        [ -n "$cur" ] || { bad "$layers: prefixes before any library"; continue; }
        for p in $line; do
            if [ -n "${owner_of_prefix[$p]:-}" ]; then
                bad "$layers: prefix $p belongs to both ${owner_of_prefix[$p]} and $cur"
            fi
            owner_of_prefix[$p]=$cur
            prefixes[$cur]+=" $p"
        done
        continue
    fi
    read -r name dir uses <<<"$line"
    [ -n "${folder[$name]:-}" ] && bad "$layers: library $name is listed twice"
    [ -d "$dir" ] || bad "$layers: $name's folder $dir does not exist"
    cur=$name
    names+=("$name")
    folder[$name]=$dir
    prefixes[$name]=
    below[$name]=" "
    for u in $uses; do
        [ "$u" = - ] && continue
        if [ -z "${folder[$u]:-}" ] || [ "$u" = "$name" ]; then
            bad "$layers: $name uses $u, which is not a library listed above it"
            continue
        fi
        below[$name]+="$u ${below[$u]} "
    done
done <"$layers"
[ ${#names[@]} -gt 0 ] || { bad "$layers lists no library"; exit 1; }

# No prefix of one library may start a prefix of another: then every
# symbol has at most one owner.
all_prefixes=("${!owner_of_prefix[@]}")
for p in "${all_prefixes[@]}"; do
    for q in "${all_prefixes[@]}"; do
        if [ "$p" != "$q" ] && [[ $q == "$p"* ]] &&
            [ "${owner_of_prefix[$p]}" != "${owner_of_prefix[$q]}" ]; then
            bad "$layers: prefix $p (${owner_of_prefix[$p]}) starts $q (${owner_of_prefix[$q]})"
        fi
    done
done

# --- includes ----------------------------------------------------------
declare -A lib_at
flat_libs=()
for n in "${names[@]}"; do
    lib_at[${folder[$n]}]=$n
    [ "${folder[$n]}" = "common/$n" ] || flat_libs+=("$n")
done
is_common_lib() { [ -n "${folder[$1]:-}" ] && [ "${folder[$1]}" = "common/$1" ]; }

mapfile -t files < <(find common consumers producers workers infra tests -name '*.[ch]' -type f | sort)
for file in "${files[@]}"; do
    dir=${file%/*}
    if [ -z "${lib_at[$dir]:-}" ] && [[ $dir == common || $dir == common/* ]]; then
        bad "$file: common/ holds only the folders listed in $layers"
    fi
done
# One line per include: FILE:LINE:PATH, with a leading < for <...> ones.
while IFS= read -r hit; do
    file=${hit%%:*}
    rest=${hit#*:}
    lineno=${rest%%:*}
    inc=${rest#*:}
    dir=${file%/*}
    owner=${lib_at[$dir]:-}
    kind=program
    if [ -n "$owner" ]; then
        kind=library
    elif [[ $dir == common || $dir == common/* ]]; then
        continue # reported above
    elif [[ $dir == tests || $dir == tests/* ]]; then
        kind=test
    fi
    quoted=1
    [[ $inc == \<* ]] && quoted=0
    path=${inc#<}
    where="$file:$lineno: \"$path\""
    if [[ $path == *.c ]]; then
        bad "$where: includes a .c file (link its object instead)"
        continue
    fi
    if [[ $path == *..* || $path == /* ]]; then
        bad "$where: reaches out of the include path"
        continue
    fi
    target=
    if [[ $path == */* ]]; then
        first=${path%%/*}
        if is_common_lib "$first" && { [ -f "common/$path" ] || [ -f "$build/gen/$path" ]; }; then
            target=$first # (a header generated into $build/gen/NAME/ belongs to NAME)
        elif [ $quoted = 1 ] && [ -f "$dir/$path" ]; then
            target=.
        elif [ $quoted = 1 ]; then
            bad "$where: names no library of $layers"
            continue
        else
            continue # a system header
        fi
    elif [ -f "$dir/$path" ]; then
        target=.
        if [ "$kind" = library ] && is_common_lib "$owner"; then
            bad "$where: name the library (\"$owner/$path\")"
        fi
    else
        for n in "${flat_libs[@]}"; do
            [ -f "${folder[$n]}/$path" ] && { target=$n; break; }
        done
        if [ -z "$target" ]; then
            [ $quoted = 1 ] && [ "$kind" != test ] && bad "$where: not found in its folder nor in a library"
            continue
        fi
    fi
    [ "$target" = . ] && continue
    if [ "$kind" = library ] && [ "$target" != "$owner" ] &&
        [[ ${below[$owner]} != *" $target "* ]]; then
        bad "$where: $owner may not include $target (it uses only:${below[$owner]})"
    fi
done < <(grep -HnE '^[[:space:]]*#[[:space:]]*include[[:space:]]*["<]' "${files[@]}" |
    sed -E 's/^([^:]+:[0-9]+):[[:space:]]*#[[:space:]]*include[[:space:]]*("([^"]*)"|(<)([^>]*)>).*/\1:\4\3\5/')

# --- symbols -----------------------------------------------------------
for n in "${names[@]}"; do
    a=$build/lib/libdk_$n.a
    if [ ! -f "$a" ]; then
        bad "$a is missing (make builds it)"
        continue
    fi
    read -r -a mine <<<"${prefixes[$n]}"
    while IFS= read -r sym; do
        # A sanitizer build adds __odr_asan.NAME beside each global NAME;
        # other names starting with __ are the compiler's.
        sym=${sym#__odr_asan.}
        [[ $sym == __* ]] && continue
        ok=0
        for p in "${mine[@]}"; do
            [[ $sym == "$p"* ]] && { ok=1; break; }
        done
        [ $ok = 1 ] || bad "$a exports $sym, which starts with none of $n's prefixes in $layers"
    done < <(nm -g --defined-only "$a" | awk 'NF >= 3 { print $3 }' | sort -u)
done

if [ $failed = 0 ]; then
    echo "check_layers: ${#names[@]} libraries, includes and symbols follow $layers"
fi
exit $failed
