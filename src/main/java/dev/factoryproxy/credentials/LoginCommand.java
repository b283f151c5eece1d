package dev.factoryproxy.credentials;

import dev.factoryproxy.config.ConfigException;
import dev.factoryproxy.config.ConfigLoader;
import dev.factoryproxy.config.ProxyConfig;
import io.vertx.core.Vertx;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * {@code java -jar factory-proxy.jar login [--auth-file FILE]} (DL1–DL3): a Droid login for a new account by
 * WorkOS's device flow, saved where the proxy reads it. The file is {@code --auth-file}, else the one auth file
 * the configuration names ({@code FACTORY_AUTH_FILE}, {@code upstream.authFile(s)}), else
 * {@code ~/.factory/auth.json} like the Droid CLI. Exit codes: 0 logged in, 1 the login did not complete,
 * 2 a usage or configuration error.
 */
public final class LoginCommand {
  public static final String NAME = "login";
  static final int OK = 0;
  static final int NOT_LOGGED_IN = 1;
  static final int USAGE = 2;
  private static final String USAGE_TEXT = "usage: java -jar factory-proxy.jar login [--auth-file FILE]";

  private LoginCommand() {
  }

  /**
   * Runs the command to its end and answers its exit code.
   *
   * @param args the arguments after {@code login}
   * @param env  the environment (the configuration is read from it as a running proxy reads it)
   */
  public static int run(List<String> args, Map<String, String> env, PrintStream out, PrintStream err) {
    return run(args, env, out, err, DeviceLogin.Clock::of);
  }

  static int run(List<String> args, Map<String, String> env, PrintStream out, PrintStream err,
                 Function<Vertx, DeviceLogin.Clock> clocks) {
    String file;
    ProxyConfig.LoginSettings settings;
    try {
      settings = ProxyConfig.loginSettings(ConfigLoader.merged(env));
      file = target(args, settings, env);
    } catch (ConfigException e) {
      err.println("factory-proxy login: " + e.getMessage());
      return USAGE;
    }
    Vertx vertx = Vertx.vertx();
    try {
      AuthFile auth = new AuthFile(vertx, file);
      DeviceLogin login = new DeviceLogin(new WorkOsDeviceClient(vertx, settings.workosUrl()), auth,
        clocks.apply(vertx), out, err);
      DeviceLogin.LoggedIn done = login.run().await();
      out.println("Logged in" + (done.email() != null ? " as " + done.email() : "") + ". The tokens are in "
        + auth.path() + " (readable by you only); the proxy uses them with FACTORY_AUTH_FILE=" + auth.path());
      return OK;
    } catch (DeviceLogin.Failed e) {
      err.println("factory-proxy login: " + e.getMessage());
      return NOT_LOGGED_IN;
    } catch (RuntimeException e) {
      err.println("factory-proxy login failed (" + e.getClass().getSimpleName() + ")");
      return NOT_LOGGED_IN;
    } finally {
      vertx.close().await();
    }
  }

  /** Which auth file the login goes to; a configuration naming several needs {@code --auth-file} to choose. */
  private static String target(List<String> args, ProxyConfig.LoginSettings settings, Map<String, String> env) {
    String chosen = null;
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (arg.equals("--auth-file") && i + 1 < args.size() && chosen == null) {
        chosen = args.get(++i);
      } else if (arg.startsWith("--auth-file=") && arg.length() > "--auth-file=".length() && chosen == null) {
        chosen = arg.substring("--auth-file=".length());
      } else {
        throw new ConfigException("unexpected argument \"" + arg + "\"; " + USAGE_TEXT);
      }
    }
    if (chosen != null) {
      return chosen;
    }
    List<String> configured = settings.authFiles();
    if (configured.size() > 1) {
      throw new ConfigException("the configuration names " + configured.size() + " auth files (FACTORY_AUTH_FILE, "
        + "upstream.authFile(s)); choose the one to log in to with --auth-file FILE");
    }
    if (configured.size() == 1) {
      return configured.get(0);
    }
    String home = env.get("HOME");
    return Path.of(home != null && !home.isBlank() ? home : System.getProperty("user.home"), ".factory", "auth.json")
      .toString();
  }
}
