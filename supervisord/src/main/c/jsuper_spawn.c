/* placeholder: replaced by the native work */
int main(void) { return 0; }
