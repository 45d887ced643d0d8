package io.jsuper.jsuperd.api.command;

import io.jsuper.jsuperd.core.DeployResult;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The JSON of a {@link DeployResult} (deploy, rollback, GET …/release). */
final class DeployJson {
    private DeployJson() {
    }

    static Map<String, Object> of(DeployResult r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("watcher", r.watcher());
        m.put("link", r.link());
        m.put("release", r.release());
        m.put("previous", r.previous());
        List<Map<String, Object>> processes = r.processes().stream().map(p -> {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("name", p.name());
            one.put("pid", p.pid());
            one.put("state", p.state());
            one.put("release", p.release());
            return one;
        }).toList();
        m.put("processes", processes);
        return m;
    }
}
