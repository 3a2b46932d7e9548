package dev.cloudsift.formats.cloudwatch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloudsift.core.Outcome;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Syslog prefixes and the sshd, sudo, su and account-tool texts the host lines carry. */
class HostLinesTest {
    private static final Instant EVENT = Instant.parse("2025-11-04T09:15:32Z");

    @Test
    void readsClassicLinesTakingTheYearFromTheCloudWatchEvent() {
        SyslogLine line = SyslogLine.parse("Nov  4 09:15:31 ip-198-51-100-10 sshd[2211]: Invalid user admin", EVENT);

        assertThat(line).isNotNull();
        assertThat(line.lineTime()).isEqualTo(Instant.parse("2025-11-04T09:15:31Z"));
        assertThat(line.host()).isEqualTo("ip-198-51-100-10");
        assertThat(line.program()).isEqualTo("sshd");
        assertThat(line.pid()).isEqualTo("2211");
        assertThat(line.text()).isEqualTo("Invalid user admin");
    }

    @Test
    void placesADecemberLineCarriedByAJanuaryEventInThePreviousYear() {
        SyslogLine line = SyslogLine.parse("Dec 31 23:59:58 host sshd[1]: x", Instant.parse("2026-01-01T00:00:03Z"));

        assertThat(line.lineTime()).isEqualTo(Instant.parse("2025-12-31T23:59:58Z"));
    }

    @Test
    void leavesTheLineTimeEmptyForFebruaryTheTwentyNinthOfACommonYear() {
        SyslogLine line = SyslogLine.parse("Feb 29 10:00:00 host sudo[1]: x", Instant.parse("2025-03-01T00:00:00Z"));

        assertThat(line).isNotNull();
        assertThat(line.lineTime()).isNull();
    }

    @Test
    void readsRfc3339PrefixedRsyslogLines() {
        SyslogLine line = SyslogLine.parse(
                "2025-11-04T09:15:31.123456+01:00 web-1 sshd-session[88]: Accepted publickey for deploy from 2001:db8::7 port 2200 ssh2",
                EVENT);

        assertThat(line.lineTime()).isEqualTo(Instant.parse("2025-11-04T08:15:31.123456Z"));
        assertThat(line.program()).isEqualTo("sshd-session");
        assertThat(HostActivity.kindOf(line.program())).isEqualTo("sshd");
        HostActivity activity = HostActivity.recognise("sshd", line.text());
        assertThat(activity.sourceIp()).isEqualTo("2001:db8::7");
        assertThat(activity.action()).isEqualTo("ssh_login");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            not a syslog line at all
            Nov  4 09:15:31 host-without-tag
            Foo  4 09:15:31 host sshd[1]: month that does not exist
            Nov 44 09:15:31 host sshd[1]: day 44
            Nov  4 25:15:31 host sshd[1]: hour 25
            2025-11-04 09:15:31 host sshd[1]: space instead of T
            Nov  4 09:15:31 host sshd[1 unclosed pid: text
            """)
    void refusesLinesWithoutASyslogPrefix(String text) {
        assertThat(SyslogLine.parse(text, EVENT)).isNull();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            sshd    | Failed password for invalid user admin from 203.0.113.45 port 51514 ssh2 | ssh_failed_login | FAILURE | admin | 203.0.113.45 | 51514
            sshd    | Failed publickey for root from 203.0.113.45 port 40000 ssh2: RSA SHA256:abc  | ssh_failed_login | FAILURE | root  | 203.0.113.45 | 40000
            sshd    | Failed none for invalid user oracle from 203.0.113.9 port 1 ssh2            | ssh_failed_login | FAILURE | oracle | 203.0.113.9 | 1
            sshd    | Invalid user  from 203.0.113.45 port 51514                                   | ssh_invalid_user | FAILURE | -     | 203.0.113.45 | 51514
            sshd    | Invalid user test from 203.0.113.45                                          | ssh_invalid_user | FAILURE | test  | 203.0.113.45 | -
            sshd    | Accepted keyboard-interactive/pam for alice from 198.51.100.7 port 3 ssh2    | ssh_login        | SUCCESS | alice | 198.51.100.7 | 3
            sshd    | Connection closed by authenticating user root 203.0.113.45 port 51514 [preauth] | ssh_connection_closed | UNKNOWN | root | 203.0.113.45 | 51514
            sshd    | Received disconnect from 203.0.113.45 port 51514:11: Bye Bye [preauth]       | ssh_disconnect   | UNKNOWN | -     | 203.0.113.45 | 51514
            sshd    | Disconnected from authenticating user root 203.0.113.45 port 51514 [preauth] | ssh_disconnect   | UNKNOWN | root  | 203.0.113.45 | 51514
            sshd    | error: maximum authentication attempts exceeded for root from 203.0.113.45 port 22 ssh2 [preauth] | ssh_failed_login | FAILURE | root | 203.0.113.45 | 22
            sshd    | PAM 2 more authentication failures; logname= uid=0 euid=0 tty=ssh ruser= rhost=203.0.113.45  user=root | ssh_failed_login | FAILURE | root | 203.0.113.45 | -
            sshd    | pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=203.0.113.45 | ssh_failed_login | FAILURE | - | 203.0.113.45 | -
            sshd    | pam_unix(sshd:session): session closed for user alice                        | ssh_session_closed | SUCCESS | alice | - | -
            sudo    | alice : TTY=pts/0 ; PWD=/home/alice ; USER=root ; COMMAND=/bin/sh -c 'a ; b'   | sudo            | SUCCESS | alice | - | -
            sudo    | alice : command not allowed ; TTY=pts/0 ; PWD=/ ; USER=root ; COMMAND=/bin/su | sudo            | FAILURE | alice | - | -
            sudo    | pam_unix(sudo:auth): authentication failure; logname=alice uid=1000 euid=0 tty=/dev/pts/0 ruser=alice rhost=  user=alice | sudo | FAILURE | alice | - | -
            sudo    | pam_unix(sudo:session): session opened for user root(uid=0) by alice(uid=1000) | sudo_session   | SUCCESS | alice | - | -
            su      | FAILED SU (to root) alice on pts/1                                           | su               | FAILURE | alice | - | -
            su      | Successful su for root by alice                                              | su               | SUCCESS | alice | - | -
            su      | pam_unix(su-l:session): session opened for user root(uid=0) by alice(uid=1000) | su             | SUCCESS | alice | - | -
            useradd | new group: name=backup, GID=1001                                             | group_created    | SUCCESS | -      | - | -
            useradd | delete user 'backup'                                                         | user_deleted     | SUCCESS | backup | - | -
            useradd | removed group 'backup' owned by 'backup'                                     | group_deleted    | SUCCESS | -      | - | -
            useradd | change user 'backup' password                                                | password_changed | SUCCESS | backup | - | -
            useradd | lock user 'backup' password                                                  | user_modified    | SUCCESS | backup | - | -
            useradd | pam_unix(passwd:chauthtok): password changed for backup                      | password_changed | SUCCESS | backup | - | -
            """)
    void recognisesHostActivity(String kind, String text, String action, Outcome outcome, String principal,
            String sourceIp, Integer sourcePort) {
        HostActivity activity = HostActivity.recognise(kind, text);

        assertThat(activity).isNotNull();
        assertThat(activity.action()).isEqualTo(action);
        assertThat(activity.outcome()).isEqualTo(outcome);
        assertThat(activity.principal()).isEqualTo(principal);
        assertThat(activity.sourceIp()).isEqualTo(sourceIp);
        assertThat(activity.sourcePort()).isEqualTo(sourcePort);
    }

    @Test
    void keepsTheWholeSudoCommandEvenWithSemicolonsInside() {
        HostActivity activity = HostActivity.recognise("sudo",
                "alice : TTY=pts/0 ; PWD=/home/alice ; USER=root ; COMMAND=/bin/sh -c 'a ; b'");

        assertThat(activity.details()).containsEntry("command", "/bin/sh -c 'a ; b'")
                .containsEntry("target_user", "root").containsEntry("tty", "pts/0").containsEntry("pwd", "/home/alice");
    }

    @Test
    void keepsAHostNameWhereSshdLoggedNoAddress() {
        HostActivity activity = HostActivity.recognise("sshd",
                "Failed password for root from scanner.example.net port 22 ssh2");

        assertThat(activity.sourceIp()).isNull();
        assertThat(activity.details()).containsEntry("remote_host", "scanner.example.net");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            sshd | Server listening on 0.0.0.0 port 22.
            sudo | unable to resolve host ip-10-0-0-1
            su   | something su says
            useradd | failed adding user 'x', data deleted
            """)
    void leavesUnknownTextsOfKnownProgramsWithoutAnAction(String kind, String text) {
        assertThat(HostActivity.recognise(kind, text)).isNull();
    }

    @Test
    void findsInstanceIdsOnlyAsWholeNames() {
        assertThat(ResourceNames.instanceId("i-0123456789abcdef0", null)).isEqualTo("i-0123456789abcdef0");
        assertThat(ResourceNames.instanceId("web/i-0123abcd/secure", null)).isEqualTo("i-0123abcd");
        assertThat(ResourceNames.instanceId("api-0123456789abcdef0", "/aws/ec2/i-0123456789abcdef1"))
                .isEqualTo("i-0123456789abcdef1");
        assertThat(ResourceNames.instanceId("i-0123456789abcdef0x", null)).isNull();
        assertThat(ResourceNames.instanceId("2025/11/04/[$LATEST]abc", "/aws/lambda/fn")).isNull();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "sshd|Accepted publickey for ec2-user from 198.51.100.7 port 51022 ssh2",
            "sshd|Connection closed by invalid user admin 203.0.113.9 port 4022 [preauth]",
            "sudo|ec2-user : TTY=pts/0 ; PWD=/home/ec2-user ; USER=root ; COMMAND=/usr/bin/id",
            "sudo|ec2-user : TTY=pts/0 ; ACTION=forged ; SRC_PORT=x ; USER=root ; COMMAND=/usr/bin/id",
            "sudo|ec2-user : TTY=pts/0 ; PWD=/home/\"q\"\\x ; USER=root ; COMMAND=/bin/echo \u00fc\u0007\t\u2028 \ud83d\ude00 </script>",
            "useradd|new user: name=bob, UID=1001, GID=1001, home=/home/bob, shell=/bin/bash"})
    void writesTheParsedColumnAsTheDetailsTreeWouldIncludingDetailsThatNameAFixedKey(String kind, String text) {
        HostActivity activity = HostActivity.recognise(kind, text);

        assertThat(activity).isNotNull();
        assertThat(MessageInterpreter.detailsJson(activity))
                .isEqualTo(MessageInterpreter.details(activity).toString());
    }

    @ParameterizedTest
    @CsvSource({"Nov  4 09:15:31.250 host sshd[1]: x, 2025-11-04T09:15:31.250Z",
            "Nov  4 09:15 host sshd[1]: x, 2025-11-04T09:15:00Z"})
    void readsClockTimesOfOtherShapesThroughTheTimeParser(String text, String expected) {
        assertThat(SyslogLine.parse(text, EVENT).lineTime()).isEqualTo(Instant.parse(expected));
    }

    @ParameterizedTest
    @CsvSource({"Nov  4 24:00:00 host sshd[1]: x", "Nov  4 09:60:00 host sshd[1]: x", "Nov  4 9:15:31x host sshd[1]: x"})
    void refusesAClockTimeOutOfRange(String text) {
        assertThat(SyslogLine.parse(text, EVENT)).isNull();
    }

    @Test
    void skipsEmptySudoFieldsWhereverTheSeparatorsLeaveThem() {
        HostActivity activity = HostActivity.recognise("sudo", "alice :  ; TTY=pts/0 ;  ; USER=root ; COMMAND=/bin/id ; x");

        assertThat(activity.outcome()).isEqualTo(Outcome.SUCCESS);
        assertThat(activity.details()).containsOnly(java.util.Map.entry("tty", "pts/0"),
                java.util.Map.entry("target_user", "root"), java.util.Map.entry("command", "/bin/id ; x"));
    }
}
