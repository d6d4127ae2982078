package wire.cli;

/** Entry point of the runnable jar. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.err.println("wire: the command line is being assembled; nothing runs yet");
        System.exit(1);
    }
}
