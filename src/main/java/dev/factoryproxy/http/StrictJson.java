package dev.factoryproxy.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

import java.io.IOException;

/**
 * J1–J9: a client body must be one standard JSON object (RFC 8259), as OpenAI's and Anthropic's APIs demand, or
 * it gets a 400 naming the problem before any upstream call. Vert.x's own codec lets comments through (issue 10
 * §3), so the body is checked by a plain Jackson parser first (Jackson's defaults are strict; duplicate names
 * are turned on) and only then decoded.
 */
final class StrictJson {
  private static final JsonFactory FACTORY = JsonFactory.builder()
    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
    .build();

  /** Why a body was refused; the message is the client's. */
  static final class Rejected extends Exception {
    Rejected(String message) {
      super(message, null, false, false);
    }
  }

  private StrictJson() {
  }

  static JsonObject parseObject(Buffer body) throws Rejected {
    if (body == null || body.length() == 0) {
      throw new Rejected("The request body is empty: a JSON object is required"); // J9
    }
    byte[] bytes = body.getBytes();
    try (JsonParser parser = FACTORY.createParser(bytes)) {
      JsonToken first = parser.nextToken();
      if (first != JsonToken.START_OBJECT) {
        throw new Rejected("The request body must be a JSON object, got " + kind(first)); // J8
      }
      parser.skipChildren();
      if (parser.nextToken() != null) {
        throw new Rejected("The request body has content after the JSON object (at " + where(parser) + ")"); // J7
      }
    } catch (JsonParseException e) {
      throw new Rejected("The request body is not valid JSON: " + problem(e, bytes) + " (at " + where(e) + ")");
    } catch (IOException e) {
      throw new Rejected("The request body could not be read: " + e.getMessage());
    }
    return new JsonObject(body);
  }

  /** The problem in the words of the JSON standard, not the parser's feature names. */
  private static String problem(JsonParseException e, byte[] bytes) {
    String m = String.valueOf(e.getOriginalMessage());
    if (m.startsWith("Duplicate field")) {
      return "duplicate key " + m.substring(m.indexOf('\'')); // J1
    }
    if (m.contains("comment")) {
      return "comments are not allowed"; // J2
    }
    if (m.contains("NaN") || m.contains("Infinity")) {
      return "NaN and Infinity are not JSON numbers"; // J6
    }
    if (m.contains("Leading zeroes") || m.contains("leading zero")) {
      return "numbers must not have leading zeros"; // J5
    }
    if (m.contains("(''' (code 39))") || m.contains("code 39")) {
      return "strings and names must use double quotes, not single quotes"; // J3
    }
    if (trailingComma(e, bytes)) {
      return "trailing comma before the end of an object or array"; // J4
    }
    if (m.contains("double-quote to start field name")) {
      return "object keys must be double-quoted strings"; // J3
    }
    if (m.contains("end-of-input") || m.contains("Unexpected end")) {
      return "the body ends before the JSON value does";
    }
    return m.replaceAll("\\s*\\n.*", "");
  }

  /** A '}' or ']' met where a value or name was expected, right after a comma. */
  private static boolean trailingComma(JsonParseException e, byte[] bytes) {
    int at = (int) e.getLocation().getByteOffset();
    if (at <= 0 || at > bytes.length) {
      return false;
    }
    int i = at - 1;
    if (i < bytes.length && (bytes[i] == '}' || bytes[i] == ']')) {
      i--;
    } else if (at < bytes.length && (bytes[at] == '}' || bytes[at] == ']')) {
      i = at - 1;
    } else {
      return false;
    }
    while (i >= 0 && Character.isWhitespace(bytes[i])) {
      i--;
    }
    return i >= 0 && bytes[i] == ',';
  }

  private static String kind(JsonToken token) {
    if (token == null) {
      return "nothing";
    }
    return switch (token) {
      case START_ARRAY -> "an array";
      case VALUE_STRING -> "a string";
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
      case VALUE_TRUE, VALUE_FALSE -> "a boolean";
      case VALUE_NULL -> "null";
      default -> token.asString();
    };
  }

  private static String where(JsonParser parser) {
    return "line " + parser.currentLocation().getLineNr() + ", column " + parser.currentLocation().getColumnNr();
  }

  private static String where(JsonParseException e) {
    return "line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
  }
}
