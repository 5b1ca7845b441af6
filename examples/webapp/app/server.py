# Minimal placeholder application served by the example image.
print("hello from the example app")
