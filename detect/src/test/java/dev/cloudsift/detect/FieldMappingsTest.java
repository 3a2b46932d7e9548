package dev.cloudsift.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** How Sigma field names resolve to case columns, per service (mappings.yml). */
class FieldMappingsTest {
    private final FieldMappings mappings = FieldMappings.builtIn();

    private FieldLocation resolve(String service, String field) {
        return mappings.resolve(mappings.service(new LogSource("aws", service, null)), field);
    }

    @Test
    void cloudTrailNamesResolveToFlattenedColumnsThenJsonColumnsThenOther() {
        assertThat(resolve("cloudtrail", "userIdentity.sessionContext.sessionIssuer.userName"))
                .isEqualTo(new FieldLocation(FieldLocation.Place.SOURCE, "session_issuer_user_name", null, null));
        assertThat(resolve("cloudtrail", "requestParameters.bucketName"))
                .isEqualTo(new FieldLocation(FieldLocation.Place.JSON, "request_parameters", "$.\"bucketName\"", null));
        assertThat(resolve("cloudtrail", "userIdentity.onBehalfOf.userId").column()).isEqualTo("on_behalf_of_user_id");
        assertThat(resolve("cloudtrail", "userIdentity.webIdFederationData.federatedProvider"))
                .isEqualTo(new FieldLocation(FieldLocation.Place.JSON, "user_identity",
                        "$.\"webIdFederationData\".\"federatedProvider\"", null));
        assertThat(resolve("cloudtrail", "edgeDeviceDetails.deviceID"))
                .isEqualTo(new FieldLocation(FieldLocation.Place.JSON, "other", "$.\"edgeDeviceDetails\".\"deviceID\"", null));
        assertThat(resolve("cloudtrail", "principal"))
                .isEqualTo(new FieldLocation(FieldLocation.Place.EVENTS, "principal", null, null));
        assertThat(resolve("cloudtrail", "src_country_code").warning())
                .isEqualTo("field 'src_country_code' is not a documented cloudtrail field; it is looked up in the record's other fields");
        // the geoip columns of the source's own view, so a rule over them reads no events row
        assertThat(resolve("cloudtrail", "src_country"))
                .isEqualTo(new FieldLocation(FieldLocation.Place.SOURCE, "src_country", null, null));
        assertThat(resolve("vpcflow", "dst_asn"))
                .isEqualTo(new FieldLocation(FieldLocation.Place.SOURCE, "dst_asn", null, null));
    }

    @Test
    void otherSourcesResolveTheirOwnColumnsAndRejectUnknownNames() {
        assertThat(resolve("waf", "httpRequest.clientIp").column()).isEqualTo("client_ip");
        assertThat(resolve("waf", "httpRequest.headers.name"))
                .isEqualTo(new FieldLocation(FieldLocation.Place.JSON, "headers", "$.\"name\"", null));
        assertThat(resolve("waf", "terminating_rule_id").column()).isEqualTo("terminating_rule_id");
        assertThat(resolve("s3access", "operation"))
                .isEqualTo(new FieldLocation(FieldLocation.Place.SOURCE, "operation", null, null));
        assertThatThrownBy(() -> resolve("s3access", "opperation")).isInstanceOf(RuleException.class)
                .hasMessage("unknown field 'opperation' for s3access (not in its mapping nor a column of table s3access)");
    }

    @Test
    void refusesFieldNamesThatCouldEscapeAJsonPath() {
        assertThatThrownBy(() -> resolve("cloudtrail", "requestParameters.a\"b"))
                .isInstanceOf(RuleException.class)
                .hasMessage("field 'requestParameters.a\"b' has an unsupported name part 'a\"b' (letters, digits, _ - @ : $ only)");
    }

    @Test
    void logsourcesWithoutAMappingAreUnsupported() {
        assertThatThrownBy(() -> mappings.service(new LogSource("aws", "guardduty", null)))
                .isInstanceOf(UnsupportedRuleException.class)
                .hasMessageStartingWith("no field mapping for logsource product=aws service=guardduty (known services: ");
    }
}
