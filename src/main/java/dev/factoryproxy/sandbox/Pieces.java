package dev.factoryproxy.sandbox;

import java.util.ArrayList;
import java.util.List;

/** Splits streamed text into deltas the way the test fakes do, so a client has pieces to join. */
final class Pieces {
  private Pieces() {
  }

  /** Up to {@code pieces} parts of near-equal length, never inside a surrogate pair. */
  static List<String> split(String text, int pieces) {
    int codePoints = text.codePointCount(0, text.length());
    int parts = Math.max(1, Math.min(pieces, codePoints));
    List<String> result = new ArrayList<>();
    int start = 0;
    for (int part = 1; part <= parts; part++) {
      int end = text.offsetByCodePoints(0, codePoints * part / parts);
      result.add(text.substring(start, end));
      start = end;
    }
    return result;
  }

  /** Two halves (one piece for a single character, none for empty text), as the Responses fake streams. */
  static List<String> halves(String text) {
    if (text == null || text.isEmpty()) {
      return List.of();
    }
    int mid = text.offsetByCodePoints(0, text.codePointCount(0, text.length()) / 2);
    return mid == 0 ? List.of(text) : List.of(text.substring(0, mid), text.substring(mid));
  }
}
