import QuayCore
print("quaywatch")
