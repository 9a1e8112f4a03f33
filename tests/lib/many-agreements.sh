#!/usr/bin/env bash
# Writes to stdout a valid coopgraph document of COUNT contracts between two institutions, each with a
# goal of the phrase GOAL repeated REPEAT times: an input whose exports run to any size wanted
# (the RDF/XML over libxml2's 10 MB lookup limit, exports that cross the writer's threads).
# Usage: bash tests/lib/many-agreements.sh COUNT GOAL REPEAT > FILE.xml
set -euo pipefail
count=${1:?count} phrase=${2:?goal phrase} repeat=${3:?repeat}
goal=$(for _ in $(seq "$repeat"); do printf '%s ' "$phrase"; done)
echo '<?xml version="1.0" encoding="UTF-8"?>'
echo '<coopgraph xmlns="https://w3id.org/coopgraph/ns/1" xml:lang="en"><source id="s" kind="report"><title>Many</title></source>'
echo '<institution id="a" kind="university" sources="s"><name>A</name><location country="DE"/></institution>'
echo '<institution id="b" kind="hospital" sources="s"><name>B</name><location country="AZ"/></institution>'
for i in $(seq "$count"); do
	echo "<agreement id=\"g$i\" kind=\"contract\" sources=\"s\"><party ref=\"a\"/><party ref=\"b\"/><goal>$goal$i</goal></agreement>"
done
echo '</coopgraph>'
