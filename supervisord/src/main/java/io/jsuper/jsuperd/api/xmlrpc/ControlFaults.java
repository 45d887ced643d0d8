package io.jsuper.jsuperd.api.xmlrpc;

import io.jsuper.jsuperd.core.ControlException;
import io.jsuper.jsuperd.core.ErrorCode;

import java.util.concurrent.CompletionException;

/** A failure as a fault, where one jsuper error code means a different supervisord fault in this method. */
final class ControlFaults {

    private ControlFaults() {
    }

    static XmlRpcFault of(Throwable err, ErrorCode code, int faultCode, String faultName) {
        Throwable t = err;
        while (t instanceof CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        if (t instanceof ControlException ce && ce.code() == code) {
            return new XmlRpcFault(faultCode, faultName, ce.getMessage());
        }
        return SupervisorRpc.fault(t);
    }
}
