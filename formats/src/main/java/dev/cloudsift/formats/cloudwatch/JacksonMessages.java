package dev.cloudsift.formats.cloudwatch;

import com.fasterxml.jackson.core.JsonProcessingException;

/** Jackson's error text without the location boilerplate it appends (the reason states the location itself). */
public final class JacksonMessages {
    private JacksonMessages() {}

    /** The parser's own message, cut before {@code (start marker at [Source: ...])}. */
    public static String clean(JsonProcessingException e) {
        String message = e.getOriginalMessage();
        if (message == null) {
            return "unreadable JSON";
        }
        int marker = message.indexOf(" (start marker at ");
        String cut = marker < 0 ? message : message.substring(0, marker);
        int newline = cut.indexOf('\n');
        return newline < 0 ? cut : cut.substring(0, newline);
    }
}
