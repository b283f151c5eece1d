package dev.factoryproxy.arch;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The specs and the tests keep each other honest: every rule id a spec under {@code docs/} states has a test
 * named after it, and every test named after a rule names one that a spec states. A spec states a rule as a table
 * row or list item that begins with its id ({@code | R16 | ...}, {@code - **OR3** ...}); a test is named after
 * rules by a lower-case prefix ({@code t2_t3_basicStream}). Every {@code docs/*.md} and every test source count, so
 * each dialect's spec and tests join without changes here.
 */
class RuleCoverageTest {
  /** A rule id at the start of a table row, list item or heading, optionally in bold. */
  private static final Pattern STATED =
    Pattern.compile("^\\s*(?:[-*]|\\||#+)\\s*\\**([A-Z]{1,2}[0-9]+)\\**(?=[\\s|:.,)])");
  /**
   * A test method whose name begins with one or more rule ids, each followed by an underscore; {@code gs1_to_gs6_}
   * names the range GS1 to GS6.
   */
  private static final Pattern TEST =
    Pattern.compile("void\\s+((?:[a-z]{1,2}[0-9]+_(?:to_[a-z]{1,2}[0-9]+_)?)+)\\w*\\s*\\(");
  private static final Pattern ID = Pattern.compile("([a-z]{1,2})([0-9]+)");

  private static Stream<Path> files(Path root, String suffix) throws IOException {
    return Files.walk(root).filter(p -> p.toString().endsWith(suffix)).sorted();
  }

  /** Rule id → the spec files that state it. */
  static Map<String, Set<String>> statedRules() throws IOException {
    Map<String, Set<String>> rules = new TreeMap<>();
    try (Stream<Path> docs = files(Path.of("docs"), ".md")) {
      for (Path doc : docs.toList()) {
        for (String line : Files.readAllLines(doc, StandardCharsets.UTF_8)) {
          Matcher m = STATED.matcher(line);
          if (m.find()) {
            rules.computeIfAbsent(m.group(1), k -> new TreeSet<>()).add(doc.getFileName().toString());
          }
        }
      }
    }
    return rules;
  }

  /** Rule id → the tests named after it. */
  static Map<String, Set<String>> testedRules() throws IOException {
    Map<String, Set<String>> rules = new TreeMap<>();
    try (Stream<Path> sources = files(Path.of("src/test/java"), ".java")) {
      for (Path source : sources.toList()) {
        Matcher m = TEST.matcher(Files.readString(source, StandardCharsets.UTF_8));
        while (m.find()) {
          for (String id : ids(m.group(1))) {
            rules.computeIfAbsent(id, k -> new TreeSet<>()).add(source.getFileName().toString());
          }
        }
      }
    }
    return rules;
  }

  /** The rule ids a test name's prefix names, ranges ({@code gs1_to_gs6}) expanded; upper case. */
  static List<String> ids(String prefix) {
    List<String> ids = new ArrayList<>();
    String[] tokens = prefix.split("_");
    for (int i = 0; i < tokens.length; i++) {
      if (i + 2 < tokens.length && tokens[i + 1].equals("to")) {
        Matcher from = ID.matcher(tokens[i]);
        Matcher to = ID.matcher(tokens[i + 2]);
        if (from.matches() && to.matches() && from.group(1).equals(to.group(1))) {
          for (int n = Integer.parseInt(from.group(2)); n <= Integer.parseInt(to.group(2)); n++) {
            ids.add(from.group(1).toUpperCase(java.util.Locale.ROOT) + n);
          }
          i += 2;
          continue;
        }
      }
      ids.add(tokens[i].toUpperCase(java.util.Locale.ROOT));
    }
    return ids;
  }

  @Test
  void testNamesNameRulesAndRanges() {
    assertEquals(List.of("T2", "T3"), ids("t2_t3_"));
    assertEquals(List.of("GS1", "GS2", "GS3", "GE1"), ids("gs1_to_gs3_ge1_"));
  }

  @Test
  void everyStatedRuleHasATestNamedAfterIt() throws IOException {
    Map<String, Set<String>> stated = statedRules();
    Set<String> tested = testedRules().keySet();
    Map<String, Set<String>> untested = new TreeMap<>(stated);
    untested.keySet().removeAll(tested);
    assertEquals(Map.of(), untested, "rules stated in docs/ with no test named after them");
  }

  @Test
  void everyTestNamedAfterARuleNamesAStatedOne() throws IOException {
    Set<String> stated = statedRules().keySet();
    Map<String, Set<String>> unknown = new TreeMap<>(testedRules());
    unknown.keySet().removeAll(stated);
    assertEquals(Map.of(), unknown, "tests named after rules that no spec in docs/ states");
  }

  /**
   * Every rule of the Chat → Messages spec is cited where it is implemented (the other specs may follow: list
   * their files here once their code cites its rules).
   */
  @Test
  void everyTranslationRuleHasAPlaceInMainCode() throws IOException {
    StringBuilder main = new StringBuilder();
    try (Stream<Path> sources = files(Path.of("src/main/java"), ".java")) {
      for (Path source : sources.toList()) {
        main.append(Files.readString(source, StandardCharsets.UTF_8)).append('\n');
      }
    }
    Set<String> uncited = new TreeSet<>();
    statedRules().forEach((id, docs) -> {
      if (docs.contains("translation.md") && !Pattern.compile("\\b" + id + "\\b").matcher(main).find()) {
        uncited.add(id);
      }
    });
    assertEquals(Set.of(), uncited, "rules of docs/translation.md cited nowhere in src/main");
  }

  /** The translation spec states all four families; a parser that found nothing would pass the two above. */
  @Test
  void theTranslationSpecIsRead() throws IOException {
    Set<String> stated = statedRules().keySet();
    assertTrue(stated.containsAll(Set.of("R1", "R29", "S1", "S9", "T1", "T15", "E1", "E5")), stated.toString());
  }
}
