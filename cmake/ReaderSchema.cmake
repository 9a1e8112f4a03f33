# Derives the schema coopgraph's reader compiles from schemas/coopgraph-1.xsd (cmake -DIN=... -DOUT=...).
#
# First, one facet moves from libxml2 to C: the pattern of TextValue ("not only whitespace", on every name,
# title, goal and description). libxml2 runs XSD patterns through its regular-expression automaton
# one character at a time, which made this facet about an eighth of `coopgraph validate`; the
# reader (xml_reader.c, check_blank_text) checks the same rule while it collects the text and reports
# it with libxml2's words, at the same place and in the same order. The published schema keeps the
# facet: other tools (xmllint, editors) still check it.

# Splits text at the first occurrence of marker: head before it, rest from it on; fails the build
# when the schema no longer has it.
function(split_at text marker head_var rest_var)
  string(FIND "${text}" "${marker}" at)
  if(at EQUAL -1)
    message(FATAL_ERROR "${IN}: no ${marker}: update cmake/ReaderSchema.cmake and xml_reader.c together")
  endif()
  string(SUBSTRING "${text}" 0 ${at} head)
  string(SUBSTRING "${text}" ${at} -1 rest)
  set(${head_var} "${head}" PARENT_SCOPE)
  set(${rest_var} "${rest}" PARENT_SCOPE)
endfunction()

file(READ "${IN}" xsd)
set(pattern "<xs:pattern value=\"\\s*\\S[\\s\\S]*\"/>")
split_at("${xsd}" "<xs:simpleType name=\"TextValue\">" head rest)
split_at("${rest}" "</xs:simpleType>" type tail)
string(FIND "${type}" "${pattern}" at)
if(at EQUAL -1)
  message(FATAL_ERROR "${IN}: TextValue has no pattern ${pattern}: update cmake/ReaderSchema.cmake and xml_reader.c together")
endif()
string(REPLACE "${pattern}" "<!-- pattern checked by xml_reader.c -->" type "${type}")
set(derived "${head}${type}${tail}")

# Second, bounded maxOccurs become unbounded, each bound kept in an attribute of a namespace of our own
# (XSD allows such attributes on its elements; libxml2 ignores them). libxml2 turns a bound into a
# counter of its content automaton, and an automaton with counters is run the slow way: every child
# element copied and the state arrays allocated and freed per element, a sixth of `coopgraph
# validate`. The reader reads the bounds back from this copy (xml_reader.c, read_content_types) and
# reports an element past its bound with libxml2's words.
set(reader_ns "urn:x-coopgraph:reader")
split_at("${derived}" "<xs:schema " head tail)
string(SUBSTRING "${tail}" 11 -1 attributes)
set(tail_ns "<xs:schema xmlns:reader=\"${reader_ns}\" ${attributes}")
string(REGEX REPLACE "maxOccurs=\"([0-9]+)\"" "maxOccurs=\"unbounded\" reader:maxOccurs=\"\\1\"" tail_ns "${tail_ns}")
set(derived "${head}${tail_ns}")
# rewrite only on change, so a reconfigure does not rebuild the library
if(EXISTS "${OUT}")
  file(READ "${OUT}" old)
  if(old STREQUAL derived)
    return()
  endif()
endif()
file(WRITE "${OUT}" "${derived}")
