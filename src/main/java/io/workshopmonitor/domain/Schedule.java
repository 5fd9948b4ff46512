package io.workshopmonitor.domain;

import java.time.ZoneId;
import java.util.List;

public record Schedule(ZoneId timezone, List<SessionSpec> sessions) {
}
