# Derives the schema coopgraph's reader compiles from schemas/coopgraph-1.xsd (cmake -DIN=... -DOUT=...).
#
# First, one facet moves from libxml2 to C: the pattern of TextValue ("not only whitespace", on every name,
# title, goal and description). libxml2 runs XSD patterns through its regular-expression automaton
# one character at a time, which made this facet about an eighth of `coopgraph validate`; the
# reader (xml_reader.c, check_blank_text) checks the same rule while it collects the text and reports
# it with libxml2's words, at the same place and in the same order. The published schema keeps the
# facet: other tools (xmllint, editors) still check it.
file(READ "${IN}" xsd)
set(begin_tag "<xs:simpleType name=\"TextValue\">")
set(pattern "<xs:pattern value=\"\\s*\\S[\\s\\S]*\"/>")
string(FIND "${xsd}" "${begin_tag}" begin)
if(begin EQUAL -1)
  message(FATAL_ERROR "${IN}: no simpleType TextValue: update cmake/ReaderSchema.cmake and xml_reader.c together")
endif()
string(SUBSTRING "${xsd}" 0 ${begin} head)
string(SUBSTRING "${xsd}" ${begin} -1 rest)
string(FIND "${rest}" "</xs:simpleType>" end)
string(SUBSTRING "${rest}" 0 ${end} type)
string(SUBSTRING "${rest}" ${end} -1 tail)
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
string(FIND "${derived}" "<xs:schema " schema_at)
if(schema_at EQUAL -1)
  message(FATAL_ERROR "${IN}: no <xs:schema element: update cmake/ReaderSchema.cmake")
endif()
string(SUBSTRING "${derived}" 0 ${schema_at} head)
math(EXPR attrs_at "${schema_at} + 11")
string(SUBSTRING "${derived}" ${attrs_at} -1 tail)
set(tail_ns "<xs:schema xmlns:reader=\"${reader_ns}\" ${tail}")
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
