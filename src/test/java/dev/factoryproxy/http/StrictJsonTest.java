package dev.factoryproxy.http;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** J1–J9: every lenient-parser feature Vert.x's codec would allow, and what the client is told. */
class StrictJsonTest {
  private static String rejection(String body) {
    return assertThrows(StrictJson.Rejected.class, () -> StrictJson.parseObject(Buffer.buffer(body))).getMessage();
  }

  static Stream<Arguments> nonStandardBodies() {
    return Stream.of(
      Arguments.of("j1_duplicateKeys", "{\"model\":\"a\",\"model\":\"b\"}",
        "is not valid JSON: duplicate key 'model' (at line 1, column 21)"),
      Arguments.of("j2_blockComment", "{/* hi */\"model\":\"a\"}",
        "is not valid JSON: comments are not allowed (at line 1, column 2)"),
      Arguments.of("j2_lineComment", "{\"model\":\"a\" // hi\n}",
        "is not valid JSON: comments are not allowed (at line 1, column 14)"),
      Arguments.of("j3_singleQuotes", "{'model':'a'}",
        "is not valid JSON: strings and names must use double quotes, not single quotes (at line 1, column 2)"),
      Arguments.of("j3_unquotedNames", "{model:\"a\"}",
        "is not valid JSON: object keys must be double-quoted strings (at line 1, column 2)"),
      Arguments.of("j4_trailingCommaInObject", "{\"model\":\"a\",}",
        "is not valid JSON: trailing comma before the end of an object or array (at line 1, column 14)"),
      Arguments.of("j4_trailingCommaInArray", "{\"stop\":[\"a\",]}",
        "is not valid JSON: trailing comma before the end of an object or array (at line 1, column 14)"),
      Arguments.of("j5_leadingZeros", "{\"max_tokens\":012}",
        "is not valid JSON: numbers must not have leading zeros (at line 1, column 16)"),
      Arguments.of("j6_nan", "{\"temperature\":NaN}",
        "is not valid JSON: NaN and Infinity are not JSON numbers (at line 1, column 19)"),
      Arguments.of("j6_infinity", "{\"temperature\":-Infinity}",
        "is not valid JSON: NaN and Infinity are not JSON numbers (at line 1, column 25)"),
      Arguments.of("j7_trailingGarbage", "{\"model\":\"a\"} x",
        "is not valid JSON: Unrecognized token 'x': was expecting (JSON String, Number, Array, Object or token "
          + "'null', 'true' or 'false') (at line 1, column 15)"),
      Arguments.of("j7_secondObject", "{\"model\":\"a\"}{}", "has content after the JSON object (at line 1, column 15)"),
      Arguments.of("j8_array", "[{\"model\":\"a\"}]", "must be a JSON object, got an array"),
      Arguments.of("j8_string", "\"hello\"", "must be a JSON object, got a string"),
      Arguments.of("j8_number", "42", "must be a JSON object, got a number"),
      Arguments.of("j9_truncated", "{\"model\":\"a\"",
        "is not valid JSON: the body ends before the JSON value does (at line 1, column 13)"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("nonStandardBodies")
  void j1_to_j9_aNonStandardBodyIsRefusedNamingTheProblem(String rule, String body, String expected) {
    assertEquals("The request body " + expected, rejection(body), rule);
  }

  @Test
  void j9_anEmptyBodyIsRefused() {
    assertEquals("The request body is empty: a JSON object is required", rejection(""));
  }

  @Test
  void aStandardObjectIsDecodedAsIs() throws StrictJson.Rejected {
    String body = "{\"model\":\"a\",\"n\":[1,2.5,-0.5e3],\"x\":{\"y\":null,\"z\":true},\"s\":\"\\u00e9\"}";
    assertEquals(new JsonObject(body), StrictJson.parseObject(Buffer.buffer(body)));
  }
}
