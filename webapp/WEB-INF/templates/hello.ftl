<#ftl output_format="plainText">
<#-- The 2011 benchmark page: "count" lines of "i: word". The bytes are compared with the
     Go peer's, so mind the whitespace: lines holding only FTL tags are dropped whole. -->
<#list 0..<count as i>
${i}: ${word}
</#list>
