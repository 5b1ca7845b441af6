/* Escaping for the XML and HTML reporters. */
#ifndef DG_CORE_XML_H
#define DG_CORE_XML_H

#include <stdio.h>

/* Writes s with &, <, >, " and ' escaped; control characters other than
 * tab/newline (invalid in XML 1.0) become U+FFFD. */
void dg_xml_escape(FILE *out, const char *s);

#endif
