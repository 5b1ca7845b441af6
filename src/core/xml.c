/* XML/HTML text escaping. */
#include "core/xml.h"

void dg_xml_escape(FILE *out, const char *s)
{
    if (!s) return;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        switch (*p) {
        case '&': fputs("&amp;", out); break;
        case '<': fputs("&lt;", out); break;
        case '>': fputs("&gt;", out); break;
        case '"': fputs("&quot;", out); break;
        case '\'': fputs("&#39;", out); break;
        default:
            if (*p < 0x20 && *p != '\t' && *p != '\n') fputs("\xEF\xBF\xBD", out);
            else fputc(*p, out);
        }
    }
}
