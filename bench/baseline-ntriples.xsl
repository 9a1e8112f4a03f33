<?xml version="1.0" encoding="UTF-8"?>
<!--
  The baseline of bench/run.sh: what a user would write instead of coopgraph, a plain XSLT 1.0
  stylesheet that maps the main facts of coopgraph XML to N-Triples.

    xsltproc bench/baseline-ntriples.xsl FILE.xml... > out.nt

  It covers the entities and their main properties (names with language tags, places, units,
  roles, parties, dates with XSD datatypes, fields, goals, funding, signatories, sources) with the
  same IRI scheme ({base}{type}/{id}): about 24 statements per agreement against the 37.6 of
  `coopgraph rdf`, which adds what needs the whole dataset or more than one element (the partner
  links between institutions, every class of an entity, SKOS labels, inverse links). It does what such a stylesheet typically does not: escape quotes, backslashes
  and line breaks in literals. It does not check anything (no schema, no references, no ISO codes),
  does not percent-encode IDs and does not deduplicate: it is a floor for a hand-written mapping,
  not a replacement for coopgraph.
-->
<xsl:stylesheet version="1.0"
                xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:cg="https://w3id.org/coopgraph/ns/1"
                exclude-result-prefixes="cg">

  <xsl:output method="text" encoding="UTF-8"/>
  <xsl:strip-space elements="*"/>

  <xsl:param name="base" select="'https://example.org/coopgraph/'"/>

  <xsl:variable name="rdf" select="'http://www.w3.org/1999/02/22-rdf-syntax-ns#'"/>
  <xsl:variable name="schema" select="'https://schema.org/'"/>
  <xsl:variable name="org" select="'http://www.w3.org/ns/org#'"/>
  <xsl:variable name="dct" select="'http://purl.org/dc/terms/'"/>
  <xsl:variable name="prov" select="'http://www.w3.org/ns/prov#'"/>
  <xsl:variable name="foaf" select="'http://xmlns.com/foaf/0.1/'"/>
  <xsl:variable name="coop" select="'https://w3id.org/coopgraph/ns#'"/>
  <xsl:variable name="xsd" select="'http://www.w3.org/2001/XMLSchema#'"/>

  <xsl:template match="/">
    <xsl:apply-templates select="cg:coopgraph/*"/>
  </xsl:template>

  <!-- ===== helpers ===== -->

  <!-- subject predicate <object IRI> . -->
  <xsl:template name="link">
    <xsl:param name="s"/>
    <xsl:param name="p"/>
    <xsl:param name="o"/>
    <xsl:value-of select="concat($s, ' &lt;', $p, '&gt; &lt;', $o, '&gt; .&#10;')"/>
  </xsl:template>

  <!-- subject predicate "literal"@lang . (language from the nearest xml:lang) -->
  <xsl:template name="text">
    <xsl:param name="s"/>
    <xsl:param name="p"/>
    <xsl:param name="node" select="."/>
    <xsl:variable name="lang" select="$node/ancestor-or-self::*[@xml:lang][1]/@xml:lang"/>
    <xsl:value-of select="concat($s, ' &lt;', $p, '&gt; &quot;')"/>
    <xsl:call-template name="escape">
      <xsl:with-param name="value" select="string($node)"/>
    </xsl:call-template>
    <xsl:text>"</xsl:text>
    <xsl:if test="string($lang) != ''">
      <xsl:value-of select="concat('@', $lang)"/>
    </xsl:if>
    <xsl:text> .&#10;</xsl:text>
  </xsl:template>

  <!-- subject predicate "value"^^datatype . -->
  <xsl:template name="typed">
    <xsl:param name="s"/>
    <xsl:param name="p"/>
    <xsl:param name="value"/>
    <xsl:param name="datatype"/>
    <xsl:value-of select="concat($s, ' &lt;', $p, '&gt; &quot;')"/>
    <xsl:call-template name="escape">
      <xsl:with-param name="value" select="$value"/>
    </xsl:call-template>
    <xsl:value-of select="concat('&quot;^^&lt;', $datatype, '&gt; .&#10;')"/>
  </xsl:template>

  <!-- A date at the precision written: xsd:gYear, xsd:gYearMonth or xsd:date. -->
  <xsl:template name="date">
    <xsl:param name="s"/>
    <xsl:param name="p"/>
    <xsl:param name="value"/>
    <xsl:variable name="v" select="normalize-space($value)"/>
    <xsl:variable name="n" select="string-length($v)"/>
    <xsl:call-template name="typed">
      <xsl:with-param name="s" select="$s"/>
      <xsl:with-param name="p" select="$p"/>
      <xsl:with-param name="value" select="$v"/>
      <xsl:with-param name="datatype" select="concat($xsd, substring('gYear', 1, 5 * ($n = 4)),
                                              substring('gYearMonth', 1, 10 * ($n = 7)),
                                              substring('date', 1, 4 * ($n != 4 and $n != 7)))"/>
    </xsl:call-template>
  </xsl:template>

  <!-- Escapes \ " LF CR for N-Triples; the common case (nothing to escape) costs one test. -->
  <xsl:template name="escape">
    <xsl:param name="value"/>
    <xsl:choose>
      <xsl:when test="not(contains($value, '\') or contains($value, '&quot;') or contains($value, '&#10;')
                      or contains($value, '&#13;'))">
        <xsl:value-of select="$value"/>
      </xsl:when>
      <xsl:otherwise>
        <xsl:call-template name="escape-chars">
          <xsl:with-param name="value" select="$value"/>
        </xsl:call-template>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="escape-chars">
    <xsl:param name="value"/>
    <xsl:if test="$value != ''">
      <xsl:variable name="c" select="substring($value, 1, 1)"/>
      <xsl:choose>
        <xsl:when test="$c = '\'">\\</xsl:when>
        <xsl:when test="$c = '&quot;'">\"</xsl:when>
        <xsl:when test="$c = '&#10;'">\n</xsl:when>
        <xsl:when test="$c = '&#13;'">\r</xsl:when>
        <xsl:otherwise><xsl:value-of select="$c"/></xsl:otherwise>
      </xsl:choose>
      <xsl:call-template name="escape-chars">
        <xsl:with-param name="value" select="substring($value, 2)"/>
      </xsl:call-template>
    </xsl:if>
  </xsl:template>

  <!-- prov:wasDerivedFrom for each ID in @sources (a whitespace-separated list). -->
  <xsl:template name="sources">
    <xsl:param name="s"/>
    <xsl:param name="list" select="normalize-space(@sources)"/>
    <xsl:if test="$list != ''">
      <xsl:variable name="first" select="substring-before(concat($list, ' '), ' ')"/>
      <xsl:call-template name="link">
        <xsl:with-param name="s" select="$s"/>
        <xsl:with-param name="p" select="concat($prov, 'wasDerivedFrom')"/>
        <xsl:with-param name="o" select="concat($base, 'source/', $first)"/>
      </xsl:call-template>
      <xsl:call-template name="sources">
        <xsl:with-param name="s" select="$s"/>
        <xsl:with-param name="list" select="substring-after($list, ' ')"/>
      </xsl:call-template>
    </xsl:if>
  </xsl:template>

  <!-- ===== entities ===== -->

  <xsl:template match="cg:institution">
    <xsl:variable name="s" select="concat('&lt;', $base, 'institution/', @id, '&gt;')"/>
    <xsl:call-template name="link">
      <xsl:with-param name="s" select="$s"/>
      <xsl:with-param name="p" select="concat($rdf, 'type')"/>
      <xsl:with-param name="o" select="concat($org, 'Organization')"/>
    </xsl:call-template>
    <xsl:call-template name="link">
      <xsl:with-param name="s" select="$s"/>
      <xsl:with-param name="p" select="concat($dct, 'type')"/>
      <xsl:with-param name="o" select="concat($coop, @kind)"/>
    </xsl:call-template>
    <xsl:for-each select="cg:name">
      <xsl:call-template name="text">
        <xsl:with-param name="s" select="$s"/>
        <xsl:with-param name="p" select="concat($schema, 'name')"/>
      </xsl:call-template>
    </xsl:for-each>
    <xsl:for-each select="cg:acronym">
      <xsl:call-template name="text">
        <xsl:with-param name="s" select="$s"/>
        <xsl:with-param name="p" select="concat($schema, 'alternateName')"/>
      </xsl:call-template>
    </xsl:for-each>
    <xsl:if test="@partOf">
      <xsl:call-template name="link">
        <xsl:with-param name="s" select="$s"/>
        <xsl:with-param name="p" select="concat($org, 'unitOf')"/>
        <xsl:with-param name="o" select="concat($base, 'institution/', @partOf)"/>
      </xsl:call-template>
    </xsl:if>
    <xsl:for-each select="cg:location">
      <xsl:call-template name="typed">
        <xsl:with-param name="s" select="$s"/>
        <xsl:with-param name="p" select="concat($schema, 'addressCountry')"/>
        <xsl:with-param name="value" select="@country"/>
        <xsl:with-param name="datatype" select="concat($xsd, 'string')"/>
      </xsl:call-template>
      <xsl:if test="@region">
        <xsl:call-template name="typed">
          <xsl:with-param name="s" select="$s"/>
          <xsl:with-param name="p" select="concat($schema, 'addressRegion')"/>
          <xsl:with-param name="value" select="@region"/>
          <xsl:with-param name="datatype" select="concat($xsd, 'string')"/>
        </xsl:call-template>
      </xsl:if>
      <xsl:for-each select="cg:city">
        <xsl:call-template name="text">
          <xsl:with-param name="s" select="$s"/>
          <xsl:with-param name="p" select="concat($schema, 'addressLocality')"/>
        </xsl:call-template>
      </xsl:for-each>
    </xsl:for-each>
    <xsl:for-each select="cg:website">
      <xsl:call-template name="link">
        <xsl:with-param name="s" select="$s"/>
        <xsl:with-param name="p" select="concat($schema, 'url')"/>
        <xsl:with-param name="o" select="normalize-space(.)"/>
      </xsl:call-template>
    </xsl:for-each>
    <xsl:for-each select="cg:identifier">
      <xsl:call-template name="typed">
        <xsl:with-param name="s" select="$s"/>
        <xsl:with-param name="p" select="concat($schema, 'identifier')"/>
        <xsl:with-param name="value" select="."/>
        <xsl:with-param name="datatype" select="concat($xsd, 'string')"/>
      </xsl:call-template>
    </xsl:for-each>
    <xsl:call-template name="sources">
      <xsl:with-param name="s" select="$s"/>
    </xsl:call-template>
  </xsl:template>

  <xsl:template match="cg:person">
    <xsl:variable name="s" select="concat('&lt;', $base, 'person/', @id, '&gt;')"/>
    <xsl:variable name="id" select="@id"/>
    <xsl:call-template name="link">
      <xsl:with-param name="s" select="$s"/>
      <xsl:with-param name="p" select="concat($rdf, 'type')"/>
      <xsl:with-param name="o" select="concat($foaf, 'Person')"/>
    </xsl:call-template>
    <xsl:for-each select="cg:title">
      <xsl:call-template name="text">
        <xsl:with-param name="s" select="$s"/>
        <xsl:with-param name="p" select="concat($schema, 'honorificPrefix')"/>
      </xsl:call-template>
    </xsl:for-each>
    <xsl:for-each select="cg:givenName">
      <xsl:call-template name="text">
        <xsl:with-param name="s" select="$s"/>
        <xsl:with-param name="p" select="concat($schema, 'givenName')"/>
      </xsl:call-template>
    </xsl:for-each>
    <xsl:for-each select="cg:familyName">
      <xsl:call-template name="text">
        <xsl:with-param name="s" select="$s"/>
        <xsl:with-param name="p" select="concat($schema, 'familyName')"/>
      </xsl:call-template>
    </xsl:for-each>
    <!-- each role is an org:Membership -->
    <xsl:for-each select="cg:role">
      <xsl:variable name="m" select="concat('&lt;', $base, 'person/', $id, '/role/', position(), '&gt;')"/>
      <xsl:call-template name="link">
        <xsl:with-param name="s" select="$m"/>
        <xsl:with-param name="p" select="concat($rdf, 'type')"/>
        <xsl:with-param name="o" select="concat($org, 'Membership')"/>
      </xsl:call-template>
      <xsl:call-template name="link">
        <xsl:with-param name="s" select="$m"/>
        <xsl:with-param name="p" select="concat($org, 'member')"/>
        <xsl:with-param name="o" select="concat($base, 'person/', $id)"/>
      </xsl:call-template>
      <xsl:call-template name="link">
        <xsl:with-param name="s" select="$m"/>
        <xsl:with-param name="p" select="concat($org, 'organization')"/>
        <xsl:with-param name="o" select="concat($base, 'institution/', @at)"/>
      </xsl:call-template>
      <xsl:for-each select="cg:name">
        <xsl:call-template name="text">
          <xsl:with-param name="s" select="$m"/>
          <xsl:with-param name="p" select="concat($schema, 'roleName')"/>
        </xsl:call-template>
      </xsl:for-each>
      <xsl:if test="@start">
        <xsl:call-template name="date">
          <xsl:with-param name="s" select="$m"/>
          <xsl:with-param name="p" select="concat($schema, 'startDate')"/>
          <xsl:with-param name="value" select="@start"/>
        </xsl:call-template>
      </xsl:if>
      <xsl:if test="@end">
        <xsl:call-template name="date">
          <xsl:with-param name="s" select="$m"/>
          <xsl:with-param name="p" select="concat($schema, 'endDate')"/>
          <xsl:with-param name="value" select="@end"/>
        </xsl:call-template>
      </xsl:if>
    </xsl:for-each>
    <xsl:for-each select="cg:identifier">
      <xsl:call-template name="typed">
        <xsl:with-param name="s" select="$s"/>
        <xsl:with-param name="p" select="concat($schema, 'identifier')"/>
        <xsl:with-param name="value" select="."/>
        <xsl:with-param name="datatype" select="concat($xsd, 'string')"/>
      </xsl:call-template>
    </xsl:for-each>
    <xsl:call-template name="sources">
      <xsl:with-param name="s" select="$s"/>
    </xsl:call-template>
  </xsl:template>

  <xsl:template match="cg:programme">
    <xsl:variable name="s" select="concat('&lt;', $base, 'programme/', @id, '&gt;')"/>
    <xsl:call-template name="link">
      <xsl:with-param name="s" select="$s"/>
      <xsl:with-param name="p" select="concat($rdf, 'type')"/>
      <xsl:with-param name="o" select="concat($coop, 'FundingProgramme')"/>
    </xsl:call-template>
    <xsl:for-each select="cg:name">
      <xsl:call-template name="text">
        <xsl:with-param name="s" select="$s"/>
        <xsl:with-param name="p" select="concat($schema, 'name')"/>
      </xsl:call-template>
    </xsl:for-each>
    <xsl:call-template name="link">
      <xsl:with-param name="s" select="$s"/>
      <xsl:with-param name="p" select="concat($schema, 'funder')"/>
      <xsl:with-param name="o" select="concat($base, 'institution/', @funder)"/>
    </xsl:call-template>
    <xsl:for-each select="cg:website">
      <xsl:call-template name="link">
        <xsl:with-param name="s" select="$s"/>
        <xsl:with-param name="p" select="concat($schema, 'url')"/>
        <xsl:with-param name="o" select="normalize-space(.)"/>
      </xsl:call-template>
    </xsl:for-each>
    <xsl:call-template name="sources">
      <xsl:with-param name="s" select="$s"/>
    </xsl:call-template>
  </xsl:template>

  <xsl:template match="cg:source">
    <xsl:variable name="s" select="concat('&lt;', $base, 'source/', @id, '&gt;')"/>
    <xsl:call-template name="link">
      <xsl:with-param name="s" select="$s"/>
      <xsl:with-param name="p" select="concat($rdf, 'type')"/>
      <xsl:with-param name="o" select="concat($coop, 'Source')"/>
    </xsl:call-template>
    <xsl:call-template name="link">
      <xsl:with-param name="s" select="$s"/>
      <xsl:with-param name="p" select="concat($dct, 'type')"/>
      <xsl:with-param name="o" select="concat($coop, @kind)"/>
    </xsl:call-template>
    <xsl:for-each select="cg:title">
      <xsl:call-template name="text">
        <xsl:with-param name="s" select="$s"/>
        <xsl:with-param name="p" select="concat($dct, 'title')"/>
      </xsl:call-template>
    </xsl:for-each>
    <xsl:if test="@publisher">
      <xsl:call-template name="link">
        <xsl:with-param name="s" select="$s"/>
        <xsl:with-param name="p" select="concat($dct, 'publisher')"/>
        <xsl:with-param name="o" select="concat($base, 'institution/', @publisher)"/>
      </xsl:call-template>
    </xsl:if>
    <xsl:for-each select="cg:publisherName">
      <xsl:call-template name="text">
        <xsl:with-param name="s" select="$s"/>
        <xsl:with-param name="p" select="concat($schema, 'publisher')"/>
      </xsl:call-template>
    </xsl:for-each>
    <xsl:for-each select="cg:date">
      <xsl:call-template name="date">
        <xsl:with-param name="s" select="$s"/>
        <xsl:with-param name="p" select="concat($dct, 'issued')"/>
        <xsl:with-param name="value" select="."/>
      </xsl:call-template>
    </xsl:for-each>
    <xsl:for-each select="cg:url">
      <xsl:call-template name="link">
        <xsl:with-param name="s" select="$s"/>
        <xsl:with-param name="p" select="concat($schema, 'url')"/>
        <xsl:with-param name="o" select="normalize-space(.)"/>
      </xsl:call-template>
    </xsl:for-each>
    <xsl:if test="@language">
      <xsl:call-template name="typed">
        <xsl:with-param name="s" select="$s"/>
        <xsl:with-param name="p" select="concat($dct, 'language')"/>
        <xsl:with-param name="value" select="@language"/>
        <xsl:with-param name="datatype" select="concat($xsd, 'language')"/>
      </xsl:call-template>
    </xsl:if>
    <xsl:for-each select="cg:credit">
      <xsl:call-template name="text">
        <xsl:with-param name="s" select="$s"/>
        <xsl:with-param name="p" select="concat($schema, 'creditText')"/>
      </xsl:call-template>
    </xsl:for-each>
  </xsl:template>

  <xsl:template match="cg:agreement">
    <xsl:variable name="id" select="@id"/>
    <xsl:variable name="s" select="concat('&lt;', $base, 'agreement/', $id, '&gt;')"/>
    <xsl:call-template name="link">
      <xsl:with-param name="s" select="$s"/>
      <xsl:with-param name="p" select="concat($rdf, 'type')"/>
      <xsl:with-param name="o" select="concat($coop, 'Agreement')"/>
    </xsl:call-template>
    <xsl:call-template name="link">
      <xsl:with-param name="s" select="$s"/>
      <xsl:with-param name="p" select="concat($dct, 'type')"/>
      <xsl:with-param name="o" select="concat($coop, @kind)"/>
    </xsl:call-template>
    <xsl:if test="@status">
      <xsl:call-template name="link">
        <xsl:with-param name="s" select="$s"/>
        <xsl:with-param name="p" select="'http://www.w3.org/ns/adms#status'"/>
        <xsl:with-param name="o" select="concat($coop, @status)"/>
      </xsl:call-template>
    </xsl:if>
    <xsl:for-each select="cg:title">
      <xsl:call-template name="text">
        <xsl:with-param name="s" select="$s"/>
        <xsl:with-param name="p" select="concat($dct, 'title')"/>
      </xsl:call-template>
    </xsl:for-each>
    <xsl:for-each select="cg:party">
      <xsl:call-template name="link">
        <xsl:with-param name="s" select="$s"/>
        <xsl:with-param name="p" select="concat($prov, 'wasAssociatedWith')"/>
        <xsl:with-param name="o" select="concat($base, 'institution/', @ref)"/>
      </xsl:call-template>
      <xsl:if test="@role">
        <xsl:variable name="a" select="concat('&lt;', $base, 'agreement/', $id, '/party/', position(), '&gt;')"/>
        <xsl:call-template name="link">
          <xsl:with-param name="s" select="$a"/>
          <xsl:with-param name="p" select="concat($prov, 'agent')"/>
          <xsl:with-param name="o" select="concat($base, 'institution/', @ref)"/>
        </xsl:call-template>
        <xsl:call-template name="typed">
          <xsl:with-param name="s" select="$a"/>
          <xsl:with-param name="p" select="concat($prov, 'hadRole')"/>
          <xsl:with-param name="value" select="@role"/>
          <xsl:with-param name="datatype" select="concat($xsd, 'string')"/>
        </xsl:call-template>
      </xsl:if>
    </xsl:for-each>
    <xsl:for-each select="cg:signed">
      <xsl:call-template name="date">
        <xsl:with-param name="s" select="$s"/>
        <xsl:with-param name="p" select="concat($coop, 'signedOn')"/>
        <xsl:with-param name="value" select="."/>
      </xsl:call-template>
    </xsl:for-each>
    <xsl:for-each select="cg:start">
      <xsl:call-template name="date">
        <xsl:with-param name="s" select="$s"/>
        <xsl:with-param name="p" select="concat($schema, 'startDate')"/>
        <xsl:with-param name="value" select="."/>
      </xsl:call-template>
    </xsl:for-each>
    <xsl:for-each select="cg:end">
      <xsl:call-template name="date">
        <xsl:with-param name="s" select="$s"/>
        <xsl:with-param name="p" select="concat($schema, 'endDate')"/>
        <xsl:with-param name="value" select="."/>
      </xsl:call-template>
    </xsl:for-each>
    <xsl:for-each select="cg:duration">
      <xsl:call-template name="typed">
        <xsl:with-param name="s" select="$s"/>
        <xsl:with-param name="p" select="concat($schema, 'duration')"/>
        <xsl:with-param name="value" select="normalize-space(.)"/>
        <xsl:with-param name="datatype" select="concat($xsd, 'duration')"/>
      </xsl:call-template>
    </xsl:for-each>
    <xsl:for-each select="cg:field">
      <xsl:call-template name="text">
        <xsl:with-param name="s" select="$s"/>
        <xsl:with-param name="p" select="concat($dct, 'subject')"/>
      </xsl:call-template>
    </xsl:for-each>
    <xsl:for-each select="cg:area">
      <xsl:call-template name="text">
        <xsl:with-param name="s" select="$s"/>
        <xsl:with-param name="p" select="concat($schema, 'areaServed')"/>
      </xsl:call-template>
    </xsl:for-each>
    <xsl:for-each select="cg:goal">
      <xsl:call-template name="text">
        <xsl:with-param name="s" select="$s"/>
        <xsl:with-param name="p" select="concat($org, 'purpose')"/>
      </xsl:call-template>
    </xsl:for-each>
    <xsl:for-each select="cg:activity">
      <xsl:call-template name="text">
        <xsl:with-param name="s" select="$s"/>
        <xsl:with-param name="p" select="concat($coop, 'activity')"/>
      </xsl:call-template>
    </xsl:for-each>
    <xsl:for-each select="cg:outcome">
      <xsl:call-template name="text">
        <xsl:with-param name="s" select="$s"/>
        <xsl:with-param name="p" select="concat($coop, 'outcome')"/>
      </xsl:call-template>
    </xsl:for-each>
    <xsl:for-each select="cg:funding">
      <xsl:variable name="f" select="concat('&lt;', $base, 'agreement/', $id, '/funding/', position(), '&gt;')"/>
      <xsl:call-template name="link">
        <xsl:with-param name="s" select="$s"/>
        <xsl:with-param name="p" select="concat($schema, 'funding')"/>
        <xsl:with-param name="o" select="concat($base, 'agreement/', $id, '/funding/', position())"/>
      </xsl:call-template>
      <xsl:call-template name="link">
        <xsl:with-param name="s" select="$f"/>
        <xsl:with-param name="p" select="concat($schema, 'funder')"/>
        <xsl:with-param name="o" select="concat($base, 'institution/', @funder)"/>
      </xsl:call-template>
      <xsl:if test="@programme">
        <xsl:call-template name="link">
          <xsl:with-param name="s" select="$f"/>
          <xsl:with-param name="p" select="concat($dct, 'isPartOf')"/>
          <xsl:with-param name="o" select="concat($base, 'programme/', @programme)"/>
        </xsl:call-template>
      </xsl:if>
      <xsl:if test="@grant">
        <xsl:call-template name="typed">
          <xsl:with-param name="s" select="$f"/>
          <xsl:with-param name="p" select="'http://purl.org/cerif/frapo/hasGrantNumber'"/>
          <xsl:with-param name="value" select="@grant"/>
          <xsl:with-param name="datatype" select="concat($xsd, 'string')"/>
        </xsl:call-template>
      </xsl:if>
    </xsl:for-each>
    <xsl:for-each select="cg:signatory">
      <xsl:variable name="g" select="concat('&lt;', $base, 'agreement/', $id, '/signatory/', position(), '&gt;')"/>
      <xsl:call-template name="link">
        <xsl:with-param name="s" select="$s"/>
        <xsl:with-param name="p" select="concat($prov, 'qualifiedAssociation')"/>
        <xsl:with-param name="o" select="concat($base, 'agreement/', $id, '/signatory/', position())"/>
      </xsl:call-template>
      <xsl:if test="@person">
        <xsl:call-template name="link">
          <xsl:with-param name="s" select="$g"/>
          <xsl:with-param name="p" select="concat($prov, 'agent')"/>
          <xsl:with-param name="o" select="concat($base, 'person/', @person)"/>
        </xsl:call-template>
      </xsl:if>
      <xsl:if test="@for">
        <xsl:call-template name="link">
          <xsl:with-param name="s" select="$g"/>
          <xsl:with-param name="p" select="concat($coop, 'onBehalfOf')"/>
          <xsl:with-param name="o" select="concat($base, 'institution/', @for)"/>
        </xsl:call-template>
      </xsl:if>
      <xsl:for-each select="cg:description">
        <xsl:call-template name="text">
          <xsl:with-param name="s" select="$g"/>
          <xsl:with-param name="p" select="concat($dct, 'description')"/>
        </xsl:call-template>
      </xsl:for-each>
    </xsl:for-each>
    <xsl:for-each select="cg:buildsOn">
      <xsl:call-template name="link">
        <xsl:with-param name="s" select="$s"/>
        <xsl:with-param name="p" select="concat($coop, 'buildsOn')"/>
        <xsl:with-param name="o" select="concat($base, 'agreement/', @ref)"/>
      </xsl:call-template>
    </xsl:for-each>
    <xsl:for-each select="cg:quote">
      <xsl:variable name="q" select="concat('&lt;', $base, 'agreement/', $id, '/quote/', position(), '&gt;')"/>
      <xsl:call-template name="link">
        <xsl:with-param name="s" select="$q"/>
        <xsl:with-param name="p" select="concat($schema, 'about')"/>
        <xsl:with-param name="o" select="concat($base, 'agreement/', $id)"/>
      </xsl:call-template>
      <xsl:call-template name="link">
        <xsl:with-param name="s" select="$q"/>
        <xsl:with-param name="p" select="concat($schema, 'spokenByCharacter')"/>
        <xsl:with-param name="o" select="concat($base, 'person/', @by)"/>
      </xsl:call-template>
      <xsl:call-template name="text">
        <xsl:with-param name="s" select="$q"/>
        <xsl:with-param name="p" select="concat($schema, 'text')"/>
      </xsl:call-template>
    </xsl:for-each>
    <xsl:call-template name="sources">
      <xsl:with-param name="s" select="$s"/>
    </xsl:call-template>
  </xsl:template>

</xsl:stylesheet>
