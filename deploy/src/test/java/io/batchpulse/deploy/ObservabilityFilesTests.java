package io.batchpulse.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * deploy/observability checked without a running stack: the alert rules and the dashboard are
 * complete, and every metric they use is documented (MetricsEndToEndIntegrationTests then finds
 * every documented metric in a real scrape).
 */
class ObservabilityFilesTests {

    private static final Set<String> SUFFIXES_OF_SUMMARIES = Set.of("_count", "_sum");

    @Test
    void everyAlertRuleHasAnExpressionADurationASeverityAndASummary() {
        List<Map<String, Object>> rules = ObservabilityFiles.alertRules();
        assertThat(rules).hasSizeGreaterThanOrEqualTo(7);
        Set<String> names = new TreeSet<>();
        for (Map<String, Object> rule : rules) {
            assertThat(rule).containsKeys("alert", "expr", "for", "labels", "annotations");
            String alert = (String) rule.get("alert");
            assertThat(names.add(alert)).as("%s is unique", alert).isTrue();
            assertThat(String.valueOf(rule.get("for"))).as(alert).matches("\\d+[smh]");
            assertThat(map(rule.get("labels")).get("severity")).as(alert).isIn("critical", "warning");
            assertThat(map(rule.get("annotations"))).as(alert).containsKeys("summary", "description");
        }
        assertThat(names).contains("BatchpulseServiceDown", "BatchpulseConsumerLagGrowing", "BatchpulseOutboxStuck",
                "BatchpulseDeadLetters", "BatchpulseLeaseExpiriesHigh", "BatchpulseSnapshotLagHigh",
                "BatchpulseGatewayNearStreamLimit");
        assertThat(rules).anySatisfy(rule -> assertThat((String) rule.get("expr")).contains("up{").contains("== 0"));
    }

    @Test
    void everyDashboardPanelQueriesPrometheus() {
        JsonNode dashboard = ObservabilityFiles.dashboard();
        assertThat(dashboard.path("uid").asString()).isNotBlank();
        assertThat(dashboard.path("schemaVersion").asInt()).isGreaterThanOrEqualTo(36);
        assertThat(dashboard.path("panels")).hasSizeGreaterThanOrEqualTo(10);
        Set<Integer> ids = new TreeSet<>();
        for (JsonNode panel : dashboard.path("panels")) {
            assertThat(ids.add(panel.path("id").asInt())).isTrue();
            assertThat(panel.path("gridPos").path("w").asInt()).isPositive();
            assertThat(panel.path("datasource").path("type").asString()).isEqualTo("prometheus");
            assertThat(panel.path("targets")).isNotEmpty()
                    .allSatisfy(target -> assertThat(target.path("expr").asString()).isNotBlank());
        }
    }

    @Test
    void everyMetricTheDashboardAndTheAlertsUseIsDocumented() {
        Set<String> documented = new TreeSet<>();
        ObservabilityFiles.documentedMetrics().forEach(metric -> documented.add(metric.name()));
        assertThat(documented).hasSizeGreaterThanOrEqualTo(15);
        for (String expression : ObservabilityFiles.expressions()) {
            for (String name : ObservabilityFiles.metricNames(expression)) {
                assertThat("up".equals(name) || documented.contains(name) || documented.contains(summaryOf(name)))
                        .as("%s (in %s) is in the README's table", name, expression).isTrue();
            }
        }
    }

    @Test
    void metricNamesAreReadFromPromqlWithoutFunctionsLabelsOrKeywords() {
        assertThat(ObservabilityFiles.metricNames(
                "max by (group) (a_b{x=\"y\", z=~\"q|r\"}) > 1000 and max by (group) (delta(c_d[10m])) > 0"))
                .containsExactly("a_b", "c_d");
        assertThat(ObservabilityFiles.metricNames("up{job=~\"batchpulse-.+\"} == 0")).containsExactly("up");
        assertThat(ObservabilityFiles.metricNames("sum by (p) (rate(s_sum[5m])) / sum by (p) (rate(s_count[5m]))"))
                .containsExactly("s_count", "s_sum");
    }

    private static String summaryOf(String name) {
        for (String suffix : SUFFIXES_OF_SUMMARIES) {
            if (name.endsWith(suffix)) {
                return name.substring(0, name.length() - suffix.length());
            }
        }
        return name;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }
}
