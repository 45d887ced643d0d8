package io.jsuper.jsuperd.api.xmlrpc;

import java.util.List;

/**
 * One decoded {@code <methodCall>}. Parameters are plain Java values: String, Integer, Boolean, Double,
 * byte[] (base64), List (array), Map (struct), null (nil).
 */
public record XmlRpcCall(String method, List<Object> params) {

    public XmlRpcCall {
        params = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(params));
    }

    String string(int index) {
        Object v = index < params.size() ? params.get(index) : null;
        if (!(v instanceof String s)) {
            throw new XmlRpcFault(XmlRpcFault.INCORRECT_PARAMETERS, "INCORRECT_PARAMETERS",
                    method + ": parameter " + (index + 1) + " must be a string");
        }
        return s;
    }

    boolean flag(int index, boolean fallback) {
        Object v = index < params.size() ? params.get(index) : null;
        return v instanceof Boolean b ? b : v instanceof Integer i ? i != 0 : fallback;
    }

    int integer(int index) {
        Object v = index < params.size() ? params.get(index) : null;
        if (!(v instanceof Integer i)) {
            throw new XmlRpcFault(XmlRpcFault.INCORRECT_PARAMETERS, "INCORRECT_PARAMETERS",
                    method + ": parameter " + (index + 1) + " must be an int");
        }
        return i;
    }
}
