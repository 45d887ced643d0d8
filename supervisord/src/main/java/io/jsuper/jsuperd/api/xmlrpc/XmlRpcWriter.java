package io.jsuper.jsuperd.api.xmlrpc;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/** Encodes an XML-RPC {@code <methodResponse>}: a value, or a fault. */
public final class XmlRpcWriter {

    private XmlRpcWriter() {
    }

    public static byte[] response(Object value) {
        StringBuilder b = new StringBuilder("<?xml version='1.0'?>\n<methodResponse>\n<params>\n<param>\n");
        value(b, value);
        b.append("</param>\n</params>\n</methodResponse>\n");
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    public static byte[] fault(int code, String message) {
        StringBuilder b = new StringBuilder("<?xml version='1.0'?>\n<methodResponse>\n<fault>\n");
        value(b, Map.of("faultCode", code, "faultString", message));
        b.append("</fault>\n</methodResponse>\n");
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    static void value(StringBuilder b, Object v) {
        b.append("<value>");
        if (v == null) {
            b.append("<nil/>");
        } else if (v instanceof Boolean bool) {
            b.append("<boolean>").append(bool ? 1 : 0).append("</boolean>");
        } else if (v instanceof Integer || v instanceof Short) {
            b.append("<int>").append(v).append("</int>");
        } else if (v instanceof Long l) {
            b.append("<int>").append(Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, l))).append("</int>");
        } else if (v instanceof Double || v instanceof Float) {
            b.append("<double>").append(v).append("</double>");
        } else if (v instanceof byte[] bytes) {
            b.append("<base64>").append(Base64.getEncoder().encodeToString(bytes)).append("</base64>");
        } else if (v instanceof List<?> list) {
            b.append("<array><data>\n");
            list.forEach(item -> value(b, item));
            b.append("</data></array>");
        } else if (v instanceof Map<?, ?> map) {
            b.append("<struct>\n");
            map.forEach((k, item) -> {
                b.append("<member>\n<name>");
                escape(b, String.valueOf(k));
                b.append("</name>\n");
                value(b, item);
                b.append("</member>\n");
            });
            b.append("</struct>");
        } else {
            b.append("<string>");
            escape(b, v.toString());
            b.append("</string>");
        }
        b.append("</value>\n");
    }

    /** XML 1.0 cannot carry most control characters at all: they become U+FFFD. */
    private static void escape(StringBuilder b, String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                default -> b.append(c < 0x20 && c != '\t' && c != '\n' && c != '\r' ? '\uFFFD' : c);
            }
        }
    }
}
