package io.initwatch.dashboard.rest;

/** The body of every 4xx/5xx the dashboard itself produces: {@code {"error":"..."}}, like the trainer's. */
public record ErrorBody(String error) {
}
