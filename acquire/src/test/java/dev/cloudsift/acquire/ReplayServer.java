package dev.cloudsift.acquire;

import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.cloudsift.core.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A loopback HTTP server that answers AWS API calls with recorded responses (src/test/resources/replay), by
 * operation: X-Amz-Target for JSON 1.1, the Smithy RPC v2 path for CloudWatch (answered in CBOR), Action for
 * EC2's query protocol, and the method plus path and query for S3. Queued answers are served in order, the
 * last one repeats; every request is kept for assertions.
 */
public final class ReplayServer implements AutoCloseable {
    /** One recorded request. */
    public record Request(String operation, Map<String, List<String>> headers, String body) {}

    private record Answer(int status, String contentType, byte[] body) {}

    private final HttpServer server;
    private final Map<String, Deque<Answer>> answers = new HashMap<>();
    private final List<Request> requests = new ArrayList<>();

    ReplayServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Queues a JSON answer (a resource under replay/ or literal JSON) for an operation. */
    ReplayServer answer(String operation, int status, String resourceOrJson) {
        String json = resourceOrJson.startsWith("{") || resourceOrJson.startsWith("<") ? resourceOrJson : resource(resourceOrJson);
        String type = json.startsWith("<") ? "text/xml" : "application/x-amz-json-1.1";
        answers.computeIfAbsent(operation, key -> new ArrayDeque<>())
                .add(new Answer(status, type, json.getBytes(StandardCharsets.UTF_8)));
        return this;
    }

    ReplayServer answer(String operation, String resourceOrJson) {
        return answer(operation, 200, resourceOrJson);
    }

    public synchronized List<Request> requests() {
        return List.copyOf(requests);
    }

    public synchronized List<Request> requests(String operation) {
        return requests.stream().filter(request -> request.operation().equals(operation)).toList();
    }

    static String resource(String name) {
        try (InputStream in = ReplayServer.class.getResourceAsStream("/replay/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no replay resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        String text = new String(body, StandardCharsets.ISO_8859_1);
        String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
        String path = exchange.getRequestURI().getPath();
        boolean cbor = path.contains("/operation/");
        String operation;
        if (target != null) {
            operation = target.substring(target.lastIndexOf('.') + 1);
        } else if (cbor) {
            operation = path.substring(path.lastIndexOf('/') + 1);
        } else if (text.startsWith("Action=") || text.contains("&Action=")) {
            operation = formValue(text, "Action");
        } else {
            // S3: the method, the path and the one sub-resource the audit asks for; other query parameters vary by SDK.
            String query = exchange.getRequestURI().getRawQuery();
            boolean logging = query != null && List.of(query.split("&")).stream().anyMatch(part -> part.equals("logging") || part.startsWith("logging="));
            operation = exchange.getRequestMethod() + " " + path + (logging ? "?logging" : "");
        }
        Answer answer;
        synchronized (this) {
            requests.add(new Request(operation, Map.copyOf(exchange.getRequestHeaders()), new String(body, StandardCharsets.UTF_8)));
            Deque<Answer> queue = answers.get(operation);
            answer = queue == null ? null : queue.size() > 1 ? queue.poll() : queue.peek();
        }
        if (answer == null) {
            answer = new Answer(400, "application/x-amz-json-1.1",
                    ("{\"__type\":\"UnknownOperationException\",\"message\":\"no replay for " + operation + "\"}")
                            .getBytes(StandardCharsets.UTF_8));
        }
        byte[] out = answer.body();
        String contentType = answer.contentType();
        if (cbor) {
            out = new CBORMapper().writeValueAsBytes(Json.MAPPER.readTree(answer.body()));
            contentType = "application/cbor";
            exchange.getResponseHeaders().add("smithy-protocol", "rpc-v2-cbor");
        }
        exchange.getResponseHeaders().add("Content-Type", contentType);
        exchange.getResponseHeaders().add("x-amzn-RequestId", "replay-" + requests.size());
        exchange.sendResponseHeaders(answer.status(), out.length == 0 ? -1 : out.length);
        try (OutputStream response = exchange.getResponseBody()) {
            response.write(out);
        }
    }

    private static String formValue(String form, String name) {
        for (String pair : form.split("&")) {
            int equals = pair.indexOf('=');
            if (equals > 0 && pair.substring(0, equals).equals(name)) {
                return URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
            }
        }
        return "";
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
