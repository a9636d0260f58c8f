# pymem test: raises from a function, so the traceback has two of the script's frames.
def parse(text):
    return int(text)


parse("not a number")
