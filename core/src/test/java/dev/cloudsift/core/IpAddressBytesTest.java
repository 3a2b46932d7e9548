package dev.cloudsift.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class IpAddressBytesTest {
    @Test
    void bytesReadInPlaceAreIpv4ExactlyWhenTheirTextIs() {
        List<String> samples = List.of("10.0.143.141", "0.0.0.0", "255.255.255.255", "256.1.1.1", "1.2.3", "1.2.3.4.5",
                "01.2.3.4", "1.2.3.04", "1.2.3.0", "1..2.3", ".1.2.3.4", "1.2.3.4.", "1.2.3.a", "1234.1.1.1", "-",
                "::1", "2001:db8::1", "::ffff:10.0.0.1", "1.2.3.4 ", "999.999.999.999", "12.34.56.78");
        for (String sample : samples) {
            byte[] padded = ("x " + sample + " y").getBytes(StandardCharsets.US_ASCII);
            assertThat(IpAddresses.isIpv4(padded, 2, 2 + sample.length())).as(sample).isEqualTo(IpAddresses.isIpv4(sample));
        }
    }
}
