package dev.factoryproxy.arch;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.vertx.core.Deployable;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The layering the design depends on, checked on the compiled main classes (issue 11 §4): no package cycles; the
 * translation and dialect packages are pure (configuration, JSON and each other, nothing of the runtime); only the
 * composition root ({@code cluster.Node}) assembles the verticles; no node-wide object is found by name.
 */
class ArchitectureTest {
  private static final String ROOT = "dev.factoryproxy";
  private static final JavaClasses MAIN = new ClassFileImporter()
    .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
    .importPackages(ROOT);

  /** The pure packages: every translation between client dialects, the hub and Factory's routes. */
  private static final String[] PURE = {"..translate..", "..dialect..", "..route..", "..client.."};

  @Test
  void noPackageCycles() {
    slices().matching(ROOT + ".(*)..").should().beFreeOfCycles().check(MAIN);
  }

  @Test
  void translationDependsOnNothingButConfigurationAndJson() {
    classes().that().resideInAnyPackage(PURE)
      // Jackson's string quoting is the JSON codec's own (StreamTranslator writes text deltas with it, for speed)
      .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "io.vertx.core.json..",
        "com.fasterxml.jackson.core.io..", ROOT + ".config..", "..translate..", "..dialect..", "..route..",
        "..client..")
      .check(MAIN);
  }

  @Test
  void translationKnowsNothingOfTheRuntime() {
    noClasses().that().resideInAnyPackage(PURE)
      .should().dependOnClassesThat().resideInAnyPackage("..http..", "..bus..", "..upstream..", "..cluster..",
        "..translator..", "..ops..")
      .check(MAIN);
  }

  @Test
  void configurationDependsOnNoOtherProxyPackage() {
    noClasses().that().resideInAPackage(ROOT + ".config..")
      .should().dependOnClassesThat().resideInAnyPackage("..http..", "..bus..", "..upstream..", "..cluster..",
        "..translator..", "..ops..", "..translate..", "..dialect..", "..route..", "..client..")
      .check(MAIN);
  }

  @Test
  void verticlesAreNotPublicAndOnlyTheirRoleMakesThem() {
    classes().that().areAssignableTo(Deployable.class).and().resideInAPackage(ROOT + "..")
      .should().notBePublic()
      .check(MAIN);
    List<String> wrong = new ArrayList<>();
    for (JavaClass verticle : MAIN.that(com.tngtech.archunit.base.DescribedPredicate.describe("verticles",
      (JavaClass c) -> c.isAssignableTo(Deployable.class) && !c.isInterface()))) {
      for (Dependency use : verticle.getDirectDependenciesToSelf()) {
        JavaClass origin = use.getOriginClass();
        if (!origin.getPackageName().equals(verticle.getPackageName())) {
          wrong.add(use.getDescription());
        }
      }
    }
    assertEquals(List.of(), wrong);
  }

  /** The role objects (node-wide state and the verticles' supplier) are built by the composition root alone. */
  @Test
  void onlyTheCompositionRootBuildsTheRoles() {
    List<String> wrong = new ArrayList<>();
    for (JavaClass role : MAIN) {
      if (!role.getSimpleName().endsWith("Role") || !role.getModifiers().contains(JavaModifier.PUBLIC)
        || role.getEnclosingClass().isPresent()) {
        continue;
      }
      role.getConstructorCallsToSelf().forEach(call -> {
        if (!call.getOriginOwner().getPackageName().equals(ROOT + ".cluster")) {
          wrong.add(call.getDescription());
        }
      });
    }
    assertEquals(List.of(), wrong);
  }

  /** No string-keyed registry of node objects (what {@code NodeShared} was): they go through constructors. */
  @Test
  void noNodeObjectIsFoundByName() {
    noClasses().should().dependOnClassesThat().resideInAPackage("io.vertx.core.shareddata..")
      .check(MAIN);
  }

  /** The bus codec is registered once per node, by the composition root. */
  @Test
  void onlyTheCompositionRootRegistersTheCodec() {
    noClasses().that().resideOutsideOfPackages(ROOT + ".cluster", ROOT + ".bus")
      .should().callMethod(dev.factoryproxy.bus.SharedJsonCodec.class, "register",
        io.vertx.core.eventbus.EventBus.class)
      .check(MAIN);
  }
}
