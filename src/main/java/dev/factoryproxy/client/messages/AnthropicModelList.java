package dev.factoryproxy.client.messages;

import dev.factoryproxy.config.ModelInfo;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code GET /v1/models} in Anthropic's list format (MM1, MM2), for clients that send {@code anthropic-version}:
 * {@code {"data":[{"type":"model","id","display_name","created_at"}],"has_more","first_id","last_id"}}.
 */
public final class AnthropicModelList {
  private static final Pattern DATE_SUFFIX = Pattern.compile("^(.*)-(\\d{8})$");
  private static final Pattern NUMBER = Pattern.compile("\\d+(\\.\\d+)?");

  private AnthropicModelList() {
  }

  /**
   * MM1: every model in table order, one page. {@code created_at} is the date in the id when it has one
   * ({@code -20250929}), else {@code fallbackCreated} (the proxy knows no release dates).
   */
  public static JsonObject of(List<ModelInfo> models, Instant fallbackCreated) {
    JsonArray data = new JsonArray();
    List<String> ids = new ArrayList<>();
    for (ModelInfo model : models) {
      ids.add(model.id());
      data.add(new JsonObject()
        .put("type", "model")
        .put("id", model.id())
        .put("display_name", displayName(model.id()))
        .put("created_at", createdAt(model.id(), fallbackCreated)));
    }
    return new JsonObject()
      .put("data", data)
      .put("has_more", false)
      .put("first_id", ids.isEmpty() ? null : ids.get(0))
      .put("last_id", ids.isEmpty() ? null : ids.get(ids.size() - 1));
  }

  /** MM2: {@code claude-sonnet-4-5-20250929} → {@code Claude Sonnet 4.5}: words capitalised, versions joined. */
  static String displayName(String id) {
    Matcher dated = DATE_SUFFIX.matcher(id);
    String base = dated.matches() ? dated.group(1) : id;
    StringBuilder out = new StringBuilder();
    boolean previousNumber = false;
    for (String part : base.split("-")) {
      if (part.isEmpty()) {
        continue;
      }
      boolean number = NUMBER.matcher(part).matches();
      if (out.length() > 0) {
        out.append(number && previousNumber ? "." : " ");
      }
      out.append(number ? part : part.substring(0, 1).toUpperCase(Locale.ROOT) + part.substring(1));
      previousNumber = number;
    }
    return out.toString();
  }

  private static String createdAt(String id, Instant fallback) {
    Matcher dated = DATE_SUFFIX.matcher(id);
    if (dated.matches()) {
      try {
        LocalDate date = LocalDate.parse(dated.group(2), DateTimeFormatter.BASIC_ISO_DATE);
        return DateTimeFormatter.ISO_INSTANT.format(date.atStartOfDay(ZoneOffset.UTC).toInstant());
      } catch (DateTimeParseException notADate) {
        // fall through: eight digits that are no date
      }
    }
    return DateTimeFormatter.ISO_INSTANT.format(fallback);
  }
}
