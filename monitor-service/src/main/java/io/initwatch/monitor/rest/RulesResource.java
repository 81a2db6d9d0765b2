package io.initwatch.monitor.rest;

import java.util.List;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;

import io.initwatch.monitor.rules.RuleCatalog;
import io.initwatch.monitor.rules.RuleThresholds;

@Path("/api/rules")
@Produces(MediaType.APPLICATION_JSON)
public class RulesResource {

    @Inject
    RuleThresholds thresholds;

    @GET
    @Operation(summary = "Every rule, the alert rules it raises and its active thresholds by config key")
    public List<RuleCatalog.Entry> rules() {
        return RuleCatalog.describe(thresholds);
    }
}
