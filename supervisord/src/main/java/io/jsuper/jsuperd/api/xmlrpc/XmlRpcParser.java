package io.jsuper.jsuperd.api.xmlrpc;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decodes an XML-RPC {@code <methodCall>} safely: no DOCTYPE at all (so no entity expansion, internal or
 * external, and no DTD fetch), no XInclude, the JDK's secure-processing limits; the body size is already
 * bounded by the HTTP aggregator, and values nest at most {@link #MAX_DEPTH} deep with at most
 * {@link #MAX_VALUES} values. Anything else is a fault, never a stack trace.
 */
public final class XmlRpcParser {

    static final int MAX_DEPTH = 16;
    static final int MAX_VALUES = 10_000;

    private int values;

    private XmlRpcParser() {
    }

    public static XmlRpcCall parse(byte[] body) {
        Document doc;
        try {
            doc = builder().parse(new ByteArrayInputStream(body));
        } catch (SAXException | IOException e) {
            throw bad("malformed XML: " + String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
        }
        Element root = doc.getDocumentElement();
        if (!root.getTagName().equals("methodCall")) {
            throw bad("expected <methodCall>, got <" + root.getTagName() + ">");
        }
        Element name = child(root, "methodName");
        if (name == null || name.getTextContent().isBlank()) {
            throw bad("<methodCall> without <methodName>");
        }
        List<Object> params = new ArrayList<>();
        Element paramsEl = child(root, "params");
        XmlRpcParser p = new XmlRpcParser();
        if (paramsEl != null) {
            for (Element param : children(paramsEl, "param")) {
                Element value = child(param, "value");
                if (value == null) {
                    throw bad("<param> without <value>");
                }
                params.add(p.value(value, 1));
            }
        }
        return new XmlRpcCall(name.getTextContent().strip(), params);
    }

    private static DocumentBuilder builder() {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature("http://xml.org/sax/features/external-general-entities", false);
            f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            f.setXIncludeAware(false);
            f.setExpandEntityReferences(false);
            f.setNamespaceAware(false);
            DocumentBuilder b = f.newDocumentBuilder();
            b.setErrorHandler(null);
            return b;
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("the JDK's XML parser lacks a safety feature", e);
        }
    }

    private Object value(Element value, int depth) {
        if (depth > MAX_DEPTH) {
            throw bad("values nest more than " + MAX_DEPTH + " deep");
        }
        if (++values > MAX_VALUES) {
            throw bad("more than " + MAX_VALUES + " values");
        }
        List<Element> typed = children(value, null);
        if (typed.isEmpty()) {
            return value.getTextContent(); // no type element: a string
        }
        Element t = typed.get(0);
        String text = t.getTextContent();
        try {
            return switch (t.getTagName()) {
                case "string" -> text;
                case "int", "i4", "i8" -> Integer.parseInt(text.strip());
                case "boolean" -> text.strip().equals("1");
                case "double" -> Double.parseDouble(text.strip());
                case "base64" -> Base64.getMimeDecoder().decode(text.strip());
                case "nil" -> null;
                case "dateTime.iso8601" -> text.strip();
                case "array" -> array(t, depth);
                case "struct" -> struct(t, depth);
                default -> throw bad("unknown value type <" + t.getTagName() + ">");
            };
        } catch (IllegalArgumentException e) {
            throw bad("bad <" + t.getTagName() + "> value: " + text.strip());
        }
    }

    private List<Object> array(Element array, int depth) {
        Element data = child(array, "data");
        List<Object> out = new ArrayList<>();
        if (data != null) {
            for (Element v : children(data, "value")) {
                out.add(value(v, depth + 1));
            }
        }
        return out;
    }

    private Map<String, Object> struct(Element struct, int depth) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Element member : children(struct, "member")) {
            Element name = child(member, "name");
            Element v = child(member, "value");
            if (name == null || v == null) {
                throw bad("<member> needs <name> and <value>");
            }
            out.put(name.getTextContent(), value(v, depth + 1));
        }
        return out;
    }

    private static Element child(Element parent, String tag) {
        List<Element> found = children(parent, tag);
        return found.isEmpty() ? null : found.get(0);
    }

    private static List<Element> children(Element parent, String tag) {
        List<Element> out = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && (tag == null || e.getTagName().equals(tag))) {
                out.add(e);
            }
        }
        return out;
    }

    private static XmlRpcFault bad(String detail) {
        return new XmlRpcFault(XmlRpcFault.INCORRECT_PARAMETERS, "INCORRECT_PARAMETERS", detail);
    }
}
