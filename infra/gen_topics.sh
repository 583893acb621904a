#!/usr/bin/env bash
# SPDX-License-Identifier: EUPL-1.2
# gen_topics.sh — turns schemas/topics.tsv into the C table every binary embeds
# (topic names, partitions, retention, consumer groups), so the topics are
# declared in one place only.
set -euo pipefail
tsv=$1
msgdir=$(dirname "$tsv")/messages
echo '/* Generated from schemas/topics.tsv by infra/gen_topics.sh: do not edit. */'
echo '#include "store/dk_topics.h"'
echo 'const dk_topic_def dk_topics[] = {'
grep -v '^#' "$tsv" | grep -v '^[[:space:]]*$' | while IFS=$'\t' read -r name parts retention groups schemas desc; do
    [[ $name =~ ^[a-z0-9._-]+$ ]] || { echo "gen_topics: bad topic name '$name'" >&2; exit 1; }
    [[ $parts =~ ^[0-9]+$ && $retention =~ ^[0-9]+$ ]] || { echo "gen_topics: bad numbers for $name" >&2; exit 1; }
    # Each message type a topic carries has its schema, and the envelope
    # (the one schema every message passes first) names it: a type added to
    # a topic but not to the envelope failed only on the running stack.
    for t in ${schemas//,/ }; do
        [ -f "$msgdir/$t.json" ] || { echo "gen_topics: $name carries $t but $msgdir/$t.json is missing" >&2; exit 1; }
        grep -q "\"$t\"" "$msgdir/envelope.json" || { echo "gen_topics: $t (on $name) is not in the type enum of $msgdir/envelope.json" >&2; exit 1; }
    done
    [ "$groups" = "-" ] && groups=""
    desc=${desc//\\/\\\\}; desc=${desc//\"/\\\"}
    printf '    {"%s", %s, %sLL, "%s", "%s", "%s"},\n' "$name" "$parts" "$retention" "$groups" "$schemas" "$desc"
done
echo '    {0},'
echo '};'
